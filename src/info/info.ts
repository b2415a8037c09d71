import { randomBytes } from 'node:crypto';
import { machine, release, type } from 'node:os';
import { cpuUsage, memoryUsage, pid } from 'node:process';
import type { Config } from '../config.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { cacheSection } from './cache.js';
import type { CommandStats, ServerStats } from './stats.js';

export interface CommandStatsView {
  readonly fullName: string;
  readonly stats: CommandStats;
  readonly children?: ReadonlyMap<string, CommandStatsView>;
}

/** What persistence reports to INFO persistence. */
export interface PersistenceStatus {
  /** Epoch seconds of the last successful save (or of start-up). */
  lastSave: number;
  bgsaveInProgress: boolean;
  lastBgsaveOk: boolean;
  /** Duration of the last background save in seconds, -1 if none yet. */
  lastBgsaveTimeSec: number;
  /** Start of the background save under way, epoch ms, or 0. */
  currentBgsaveStart: number;
  loadingStart: number;
  loadingTotalBytes: number;
  loadingLoadedBytes: number;
}

/** The server facts INFO reads. */
export interface InfoSource {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly stats: ServerStats;
  readonly startedAt: number;
  readonly version: string;
  readonly port: number;
  loading: boolean;
  readonly clients: { count(): number };
  readonly commands: { all(): Iterable<CommandStatsView> };
  readonly persistence: PersistenceStatus;
}

type Section = (src: InfoSource, now: number) => string[];

/** Redis's estimate: whole seconds elapsed, scaled by the bytes left per byte loaded; 1 at first. */
function loadingEta(p: PersistenceStatus, now: number): number {
  const elapsed = Math.floor((now - p.loadingStart) / 1000);
  return elapsed === 0 ? 1 : Math.floor((elapsed * (p.loadingTotalBytes - p.loadingLoadedBytes)) / (p.loadingLoadedBytes + 1));
}

const human = (bytes: number): string => {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) (v /= 1024), i++;
  return i === 0 ? `${bytes}B` : `${v.toFixed(2)}${units[i]}`;
};

/** 40 hex chars, fixed per server for its lifetime (run_id, master_replid). */
const ids = new WeakMap<InfoSource, { runId: string; replId: string }>();
function serverIds(src: InfoSource): { runId: string; replId: string } {
  let v = ids.get(src);
  if (!v) ids.set(src, (v = { runId: randomBytes(20).toString('hex'), replId: randomBytes(20).toString('hex') }));
  return v;
}

/**
 * Each section's fields in Redis 7.0.15's order, for the facts we have; fields of our own
 * (dwc_resp_version, used_memory_heap) come last in their section, where parsers that stop at
 * the fields they know will never trip on them.
 */
const SECTIONS: Record<string, Section> = {
  server: (src, now) => [
    'redis_version:7.0.15',
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    'redis_mode:standalone',
    `os:${type()} ${release()} ${machine()}`,
    `arch_bits:64`,
    'multiplexing_api:libuv',
    `process_id:${pid}`,
    'process_supervised:no',
    `run_id:${serverIds(src).runId}`,
    `tcp_port:${src.port}`,
    `server_time_usec:${now * 1000}`,
    `uptime_in_seconds:${Math.floor((now - src.startedAt) / 1000)}`,
    `uptime_in_days:${Math.floor((now - src.startedAt) / 86400000)}`,
    `hz:${Math.min(500, Math.max(1, src.config.values.hz))}`,
    `configured_hz:${src.config.values.hz}`,
    `lru_clock:${Math.floor(now / 1000) & 0xffffff}`,
    `executable:${process.argv[1] ?? ''}`,
    `config_file:${src.config.file ?? ''}`,
    'io_threads_active:0',
    `dwc_resp_version:${src.version}`,
  ],
  clients: (src) => [
    `connected_clients:${src.clients.count()}`,
    'cluster_connections:0',
    `maxclients:${src.config.values.maxclients}`,
    'blocked_clients:0',
    'tracking_clients:0',
    'clients_in_timeout_table:0',
  ],
  memory: (src) => {
    const mem = memoryUsage();
    const used = src.keyspace.usedBytes;
    const max = src.config.values.maxmemory;
    return [
      `used_memory:${used}`,
      `used_memory_human:${human(used)}`,
      `used_memory_rss:${mem.rss}`,
      `used_memory_rss_human:${human(mem.rss)}`,
      `used_memory_peak:${src.keyspace.peakBytes}`,
      `used_memory_peak_human:${human(src.keyspace.peakBytes)}`,
      `maxmemory:${max}`,
      `maxmemory_human:${human(max)}`,
      `maxmemory_policy:${src.config.values.maxmemoryPolicy}`,
      `mem_fragmentation_ratio:${used > 0 ? (mem.rss / used).toFixed(2) : '0.00'}`,
      `used_memory_heap:${mem.heapUsed}`,
    ];
  },
  persistence: (src, now) => {
    const p = src.persistence;
    const loadingLines = src.loading
      ? [
          `loading_start_time:${Math.floor(p.loadingStart / 1000)}`,
          `loading_total_bytes:${p.loadingTotalBytes}`,
          `loading_loaded_bytes:${p.loadingLoadedBytes}`,
          `loading_loaded_perc:${p.loadingTotalBytes ? ((100 * p.loadingLoadedBytes) / p.loadingTotalBytes).toFixed(2) : '0.00'}`,
          `loading_eta_seconds:${loadingEta(p, now)}`,
        ]
      : [];
    return [
      `loading:${src.loading ? 1 : 0}`,
      'async_loading:0',
      `rdb_changes_since_last_save:${src.keyspace.dirty}`,
      `rdb_bgsave_in_progress:${p.bgsaveInProgress ? 1 : 0}`,
      `rdb_last_save_time:${p.lastSave}`,
      `rdb_last_bgsave_status:${p.lastBgsaveOk ? 'ok' : 'err'}`,
      `rdb_last_bgsave_time_sec:${p.lastBgsaveTimeSec}`,
      `rdb_current_bgsave_time_sec:${p.bgsaveInProgress ? Math.floor((now - p.currentBgsaveStart) / 1000) : -1}`,
      'aof_enabled:0',
      'aof_rewrite_in_progress:0',
      // Redis 7.0 lists the loading progress after the AOF fields.
      ...loadingLines,
    ];
  },
  stats: (src) => {
    const s = src.stats;
    const k = src.keyspace.stats;
    return [
      `total_connections_received:${s.totalConnections}`,
      `total_commands_processed:${s.totalCommands}`,
      `total_net_input_bytes:${s.netInputBytes}`,
      `total_net_output_bytes:${s.netOutputBytes}`,
      `rejected_connections:${s.rejectedConnections}`,
      `expired_keys:${k.expired}`,
      `evicted_keys:${k.evicted}`,
      `keyspace_hits:${k.hits}`,
      `keyspace_misses:${k.misses}`,
      `total_error_replies:${s.totalErrorReplies}`,
    ];
  },
  replication: (src) => [
    'role:master',
    'connected_slaves:0',
    'master_failover_state:no-failover',
    `master_replid:${serverIds(src).replId}`,
    'master_replid2:0000000000000000000000000000000000000000',
    'master_repl_offset:0',
    'second_repl_offset:-1',
    'repl_backlog_active:0',
    'repl_backlog_size:1048576',
    'repl_backlog_first_byte_offset:0',
    'repl_backlog_histlen:0',
  ],
  cpu: () => {
    const c = cpuUsage();
    return [
      `used_cpu_sys:${(c.system / 1e6).toFixed(6)}`,
      `used_cpu_user:${(c.user / 1e6).toFixed(6)}`,
      'used_cpu_sys_children:0.000000',
      'used_cpu_user_children:0.000000',
    ];
  },
  modules: () => [],
  errorstats: (src) => [...src.stats.errors].map(([code, n]) => `errorstat_${code}:count=${n}`),
  // Per-command latency percentiles are not tracked; the section is there, empty.
  latencystats: () => [],
  cluster: () => ['cluster_enabled:0'],
  keyspace: (src, now) =>
    src.keyspace.dbs
      .filter((db) => db.keyCount > 0)
      .map((db) => {
        let ttlSum = 0;
        for (const e of db.expires.entryValues()) ttlSum += Math.max(0, e.expireAt! - now);
        const avgTtl = db.expires.size ? Math.floor(ttlSum / db.expires.size) : 0;
        return `db${db.index}:keys=${db.keyCount},expires=${db.expires.size},avg_ttl=${avgTtl}`;
      }),
  cache: (src) => cacheSection(src.keyspace, src.config),
  commandstats: (src) => {
    const lines: string[] = [];
    const add = (c: CommandStatsView) => {
      const s = c.stats;
      if (s.calls || s.rejectedCalls || s.failedCalls) {
        const per = s.calls ? (s.usec / s.calls).toFixed(2) : '0.00';
        lines.push(
          `cmdstat_${c.fullName}:calls=${s.calls},usec=${s.usec},usec_per_call=${per},rejected_calls=${s.rejectedCalls},failed_calls=${s.failedCalls}`,
        );
      }
      if (c.children) for (const child of c.children.values()) add(child);
    };
    for (const c of src.commands.all()) add(c);
    return lines;
  },
};

/** Every section in the order INFO prints them; a new section is one entry here and one in SECTIONS. */
const ALL_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace', 'cache'];
/** Sections printed only when named, or for 'all' / 'everything'. */
const NOT_DEFAULT = new Set(['commandstats', 'latencystats']);
const DEFAULT_SECTIONS = ALL_SECTIONS.filter((s) => !NOT_DEFAULT.has(s));

/** The sections a list of INFO arguments names: default, all, everything or section names. */
export function selectSections(args: readonly string[]): string[] {
  if (args.length === 0) return DEFAULT_SECTIONS;
  const picked = new Set<string>();
  for (const raw of args) {
    const a = raw.toLowerCase();
    if (a === 'default') DEFAULT_SECTIONS.forEach((s) => picked.add(s));
    else if (a === 'all' || a === 'everything') ALL_SECTIONS.forEach((s) => picked.add(s));
    else picked.add(a);
  }
  return ALL_SECTIONS.filter((s) => picked.has(s));
}

export function renderInfo(src: InfoSource, sections: readonly string[], now: number): string {
  const parts: string[] = [];
  for (const name of sections) {
    const section = SECTIONS[name];
    if (!section) continue;
    const title = name === 'cpu' ? 'CPU' : name[0]!.toUpperCase() + name.slice(1);
    const lines = section(src, now);
    parts.push(`# ${title}\r\n` + lines.map((l) => l + '\r\n').join(''));
  }
  return parts.join('\r\n');
}
