/**
 * Eviction quality and cost, measured (`npm run build && npx tsx bench/eviction.ts`).
 *
 * 1. Hit ratio: cache-aside replay (GET; on a miss, SET) of seeded traces against dwc-resp and
 *    redis-server at the same number of resident keys, beside exact LRU and Bélády's optimum
 *    computed offline. Requests are sent in windows of up to 32 with distinct keys (the GETs of
 *    a window pipelined, then the SETs of its misses), identically for both servers.
 * 2. SET throughput while evicting (every SET evicts a key) against SET throughput without
 *    eviction at the same resident size, and GET throughput under allkeys-lru (which re-orders
 *    the slot on every hit) against noeviction.
 * 3. Eviction cost in process: time per evicted key at 100k and 1M keys, per policy.
 *
 * `runEvictionBench()` returns the tables for `npm run bench`; run alone, this file prints them.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ManualClock } from '../src/clock.js';
import { Config } from '../src/config.js';
import { entrySize } from '../src/keyspace/entry.js';
import { attachEviction } from '../src/keyspace/evictor.js';
import { Keyspace } from '../src/keyspace/keyspace.js';
import { seededRandom } from '../test/helpers/random.js';
import { Pipe } from './pipe.js';
import { startDwc as spawnDwc, startRedis, type ServerUnderTest, type Settings } from './servers.js';
import { belady, exactLru, movingHotSetTrace, zipfScanTrace, zipfTrace, type Trace } from './traces.js';

export interface BenchOptions {
  requests?: number;
  universe?: number;
  /** Resident keys both servers are sized for. */
  capacity?: number;
  policies?: string[];
  /** Which parts to run (default: all). */
  parts?: Array<'hit-ratio' | 'throughput' | 'cost'>;
  log?: (line: string) => void;
}

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const startDwc = (settings: Settings = {}) => spawnDwc(CLI, [], settings);

const VALUE = 'v'.repeat(32);
const keyOf = (id: number) => `key:${String(id).padStart(8, '0')}`;
const WINDOW = 32;

/** Replays a trace cache-aside; returns the hit ratio. */
async function replay(pipe: Pipe, trace: Trace): Promise<number> {
  const { ids } = trace;
  let hits = 0;
  for (let i = 0; i < ids.length; ) {
    const window: string[] = [];
    const seen = new Set<number>();
    while (i < ids.length && window.length < WINDOW && !seen.has(ids[i]!)) {
      seen.add(ids[i]!);
      window.push(keyOf(ids[i++]!));
    }
    const got = await pipe.run(window.map((k) => ['GET', k]));
    const sets: string[][] = [];
    got.forEach((r, j) => (r === null ? sets.push(['SET', window[j]!, VALUE]) : hits++));
    if (sets.length > 0) {
      const res = await pipe.run(sets);
      const bad = res.find((r) => r !== 'OK' && r !== '+OK');
      if (bad !== undefined) throw new Error(`SET failed: ${bad}`);
    }
  }
  return hits / ids.length;
}

/** Loads distinct keys in pipelined batches (of WINDOW, as the replay, so Redis's client buffers match). */
async function load(pipe: Pipe, from: number, count: number, batch = WINDOW): Promise<void> {
  for (let i = 0; i < count; i += batch) {
    const cmds: string[][] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) cmds.push(['SET', keyOf(from + j), VALUE]);
    await pipe.run(cmds);
  }
}

const dbsize = async (pipe: Pipe) => Number((await pipe.call('DBSIZE'))!.slice(1));

/**
 * Finds the maxmemory at which redis-server holds `capacity` of our keys while replaying: Redis
 * counts its own overhead (dict tables, client buffers) in used_memory, so the limit is found
 * by measurement: estimate the bytes per key, then replay the trace on a fresh server, count the
 * resident keys at the end, correct, repeat.
 */
async function calibrateRedis(capacity: number, trace: Trace, log: (s: string) => void): Promise<number> {
  const probe = await startRedis();
  const pipe = await Pipe.open(probe.port);
  const base = Number((await pipe.info('memory')).used_memory);
  await load(pipe, 0, capacity);
  const perKey = (Number((await pipe.info('memory')).used_memory) - base) / capacity;
  pipe.close();
  await probe.stop();
  let max = Math.round(base + perKey * capacity);
  for (let round = 0; round < 6; round++) {
    const r = await startRedis({ maxmemory: String(max), 'maxmemory-policy': 'allkeys-lru' });
    const p = await Pipe.open(r.port);
    await replay(p, trace);
    const resident = await dbsize(p);
    p.close();
    await r.stop();
    log(`  redis calibration: maxmemory ${max} -> ${resident} keys`);
    if (Math.abs(resident - capacity) <= capacity * 0.002) break;
    max += Math.round((capacity - resident) * perKey);
  }
  return max;
}

async function hitRatios(opts: Required<BenchOptions>): Promise<Table> {
  const { requests, universe, capacity, policies, log } = opts;
  const shape = { requests, universe, seed: 42 };
  const traces = [zipfTrace(shape), zipfScanTrace(shape), movingHotSetTrace(shape)];
  const redisMax = await calibrateRedis(capacity, traces[0]!, log);
  const ourMax = capacity * entrySize(keyOf(0), VALUE, false);
  const rows: Table['rows'] = [];
  for (const trace of traces) {
    const lru = exactLru(trace.ids, capacity);
    const opt = belady(trace.ids, capacity);
    rows.push([trace.name, 'exact LRU (offline)', pct(lru), '', capacity]);
    rows.push([trace.name, 'Bélády OPT (offline)', pct(opt), '', capacity]);
    for (const policy of policies) {
      const results: Array<[string, number, number]> = [];
      for (const start of [() => startDwc({ maxmemory: String(ourMax), 'maxmemory-policy': policy }), () => startRedis({ maxmemory: String(redisMax), 'maxmemory-policy': policy })]) {
        const server: ServerUnderTest = await start();
        const pipe = await Pipe.open(server.port);
        try {
          const t0 = performance.now();
          const ratio = await replay(pipe, trace);
          const resident = await dbsize(pipe);
          results.push([server.name, ratio, resident]);
          log(`  ${trace.name} ${policy} ${server.name}: ${pct(ratio)} (${resident} keys, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        } finally {
          pipe.close();
          await server.stop();
        }
      }
      const [ours, redis] = results;
      rows.push([trace.name, `${policy} dwc-resp`, pct(ours![1]), signed(ours![1] - redis![1]), ours![2]]);
      rows.push([trace.name, `${policy} redis`, pct(redis![1]), '', redis![2]]);
    }
  }
  return {
    title: `Hit ratio, cache-aside, ${requests} requests per trace, ${capacity} resident keys`,
    columns: ['trace', 'cache', 'hit ratio', 'vs redis (pts)', 'resident keys'],
    rows,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}`;

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Runs `count` commands pipelined 64 deep over random keys; returns ops per second of wall time
 * and ops per second of server CPU time (robust when other work shares the machine).
 */
async function rate(server: ServerUnderTest, pipe: Pipe, verb: 'SET' | 'GET', count: number, universe: number, seed: number) {
  const random = seededRandom(seed);
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  for (let i = 0; i < count; i += 64) {
    const cmds: string[][] = [];
    for (let j = 0; j < 64; j++) {
      const key = keyOf(Math.floor(random() * universe));
      cmds.push(verb === 'SET' ? ['SET', key, VALUE] : ['GET', key]);
    }
    await pipe.run(cmds);
  }
  return { wall: count / ((performance.now() - t0) / 1000), cpu: count / (cpuSeconds(server.pid) - cpu0) };
}

/**
 * SET throughput with and without eviction on the same workload (SETs of random keys from a
 * 1M-key universe, so nearly every SET inserts a new key), and GET throughput with and without
 * allkeys-lru's re-ordering. Each configuration runs `rounds` times, interleaved; best kept.
 */
async function throughput(opts: Required<BenchOptions>): Promise<Table> {
  const resident = 50_000;
  const count = 200_000;
  const ourMax = String(resident * entrySize(keyOf(0), VALUE, false));
  type Run = { label: string; settings: Record<string, string>; verb: 'SET' | 'GET'; universe: number; base?: string };
  const runs: Run[] = [
    { label: 'SET new keys, no maxmemory', settings: {}, verb: 'SET', universe: 1_000_000 },
    ...opts.policies.map((policy) => ({
      label: `SET new keys, evicting (${policy}, 50k resident)`,
      settings: { maxmemory: ourMax, 'maxmemory-policy': policy },
      verb: 'SET' as const,
      universe: 1_000_000,
      base: 'SET new keys, no maxmemory',
    })),
    { label: 'GET hits, noeviction (50k keys)', settings: {}, verb: 'GET', universe: resident },
    {
      label: 'GET hits, allkeys-lru (slot re-ordered per hit)',
      settings: { maxmemory: String(2 * Number(ourMax)), 'maxmemory-policy': 'allkeys-lru' },
      verb: 'GET',
      universe: resident,
      base: 'GET hits, noeviction (50k keys)',
    },
  ];
  const best = new Map<string, { wall: number; cpu: number }>();
  for (let round = 0; round < 2; round++) {
    for (const run of runs) {
      const server = await startDwc(run.settings);
      const pipe = await Pipe.open(server.port);
      try {
        await load(pipe, 0, resident);
        await rate(server, pipe, 'SET', 50_000, 1_000_000, 1); // warm up; when evicting, reach the limit
        const r = await rate(server, pipe, run.verb, count, run.universe, 2 + round);
        const evicted = (await pipe.info('stats')).evicted_keys;
        opts.log(`  ${run.label}: ${Math.round(r.wall)}/s wall, ${Math.round(r.cpu)}/s per server CPU second, evicted_keys ${evicted}`);
        const b = best.get(run.label);
        best.set(run.label, { wall: Math.max(b?.wall ?? 0, r.wall), cpu: Math.max(b?.cpu ?? 0, r.cpu) });
      } finally {
        pipe.close();
        await server.stop();
      }
    }
  }
  const rows = runs.map((run) => {
    const r = best.get(run.label)!;
    const base = best.get(run.base ?? run.label)!;
    return [run.label, Math.round(r.wall), (r.wall / base.wall).toFixed(2), Math.round(r.cpu), (r.cpu / base.cpu).toFixed(2)];
  });
  return {
    title: 'dwc-resp throughput, pipelined 64 deep, 32-byte values (best of 2)',
    columns: ['workload', 'ops/s (wall)', 'ratio', 'ops per server CPU s', 'ratio (CPU)'],
    rows,
  };
}

/** Time per evicted key in process: preload, lower maxmemory by `evictions` keys, time the evictor. */
function evictionCost(opts: Required<BenchOptions>): Table {
  const rows: Table['rows'] = [];
  const evictions = 50_000;
  for (const keys of [100_000, 1_000_000]) {
    for (const policy of opts.policies) {
      const clock = new ManualClock();
      const config = new Config();
      config.set('maxmemory-policy', policy);
      const ks = new Keyspace(16, clock);
      const evictor = attachEviction(config, ks);
      const db = ks.dbs[0]!;
      for (let i = 0; i < keys; i++) {
        db.put(keyOf(i), VALUE, null, clock.now());
        if (i % 1000 === 0) clock.advance(1);
      }
      for (let i = 0; i < keys / 10; i++) db.read(keyOf(Math.floor(Math.random() * keys)), clock.now());
      config.values.maxmemory = ks.usedBytes - evictions * entrySize(keyOf(0), VALUE, false);
      const cpu0 = process.cpuUsage();
      evictor.evict(clock.now(), Infinity);
      const cpu = process.cpuUsage(cpu0);
      const ns = ((cpu.user + cpu.system) * 1e3) / ks.stats.evicted;
      rows.push([keys, policy, ks.stats.evicted, Math.round(ns)]);
      opts.log(`  eviction cost ${keys} keys ${policy}: ${Math.round(ns)} ns/key`);
    }
  }
  return { title: 'Eviction cost in process (maxmemory-samples 5, CPU time)', columns: ['keys', 'policy', 'evicted', 'ns per evicted key'], rows };
}

export async function runEvictionBench(options: BenchOptions = {}): Promise<Table[]> {
  const opts: Required<BenchOptions> = {
    requests: 200_000,
    universe: 100_000,
    capacity: 10_000,
    policies: ['allkeys-lru', 'allkeys-lfu', 'allkeys-random'],
    parts: ['hit-ratio', 'throughput', 'cost'],
    log: () => {},
    ...options,
  };
  const tables: Table[] = [];
  if (opts.parts.includes('hit-ratio')) tables.push(await hitRatios(opts));
  if (opts.parts.includes('throughput')) tables.push(await throughput(opts));
  if (opts.parts.includes('cost')) tables.push(evictionCost(opts));
  return tables;
}

export function formatTable(t: Table): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(String))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [`### ${t.title}`, '', line(t.columns), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tables = await runEvictionBench({ log: (s) => console.error(s) });
  for (const t of tables) console.log(formatTable(t) + '\n');
}
