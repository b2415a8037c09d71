/**
 * Eviction quality and cost, measured (`npm run build && npx tsx bench/eviction.ts`).
 *
 * 1. Hit ratio: cache-aside replay (GET; on a miss, SET) of seeded traces against dwc-resp and
 *    redis-server at the same number of resident keys, beside exact LRU, Bélády's optimum and,
 *    for volatile-ttl, exact FIFO (its rule unsampled, as every key gets the same TTL), computed
 *    offline. Requests are sent in windows of up to 32 with distinct keys (the GETs of
 *    a window pipelined, then the SETs of its misses), identically for both servers.
 * 2. SET throughput while evicting (nearly every SET evicts a key) against SET throughput
 *    without a limit, with redis-benchmark as `npm run bench`, and GET throughput under
 *    allkeys-lru (which re-orders the slot on every hit) against noeviction; Redis beside us.
 * 3. Eviction cost in process: time per evicted key at 100k and 1M keys, per policy, and the SET
 *    path evicting against no limit, timed in interleaved chunks (steady on a shared machine).
 *
 * `runEvictionBench()` returns the tables for `npm run bench`; run alone, this file prints them.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ManualClock } from '../src/clock.js';
import { Config } from '../src/config.js';
import { entrySize } from '../src/keyspace/entry.js';
import { attachEviction } from '../src/keyspace/evictor.js';
import { Keyspace } from '../src/keyspace/keyspace.js';
import { seededRandom } from '../test/helpers/random.js';
import { Pipe } from './pipe.js';
import { cpuTicks, ticksPerSecond } from './proc.js';
import { redisBenchmark, redisBenchmarkCsv } from './redis-benchmark.js';
import { median, cpuMicrosPerOp } from './stats.js';
import { HOST, startDwc as spawnDwc, startRedis, type ServerUnderTest, type Settings } from './servers.js';
import { HIT_RATIO_REPLAY, belady, exactFifo, exactLru, movingHotSetTrace, zipfScanTrace, zipfTrace, type Trace } from './traces.js';

export interface BenchOptions {
  requests?: number;
  universe?: number;
  /** Resident keys both servers are sized for. */
  capacity?: number;
  /** Policies of the throughput part (allkeys-*: its SETs carry no TTL). */
  policies?: string[];
  /** Policies of the hit-ratio part; under volatile-* every key is written with a TTL. */
  hitRatioPolicies?: string[];
  /** Seed of the hit-ratio traces. */
  seed?: number;
  /** Rounds of the throughput part (medians are reported). */
  rounds?: number;
  /** Requests each redis-benchmark client pipelines in the throughput part (`-P`). */
  pipeline?: number;
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

/** A day: under volatile-* every key is written with a TTL, none of which runs out during a replay. */
const TTL = ['EX', '86400'];
const isVolatile = (policy: string) => policy.startsWith('volatile-');

/** Replays a trace cache-aside (with `ttl`, every SET gives the key a TTL); returns the hit ratio. */
async function replay(pipe: Pipe, trace: Trace, ttl = false): Promise<number> {
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
    got.forEach((r, j) => (r === null ? sets.push(['SET', window[j]!, VALUE, ...(ttl ? TTL : [])]) : hits++));
    if (sets.length > 0) {
      const res = await pipe.run(sets);
      const bad = res.find((r) => r !== 'OK' && r !== '+OK');
      if (bad !== undefined) throw new Error(`SET failed: ${bad}`);
    }
  }
  return hits / ids.length;
}

/** Loads distinct keys in pipelined batches (of WINDOW, as the replay, so Redis's client buffers match). */
async function load(pipe: Pipe, from: number, count: number, batch = WINDOW, name = keyOf, ttl = false): Promise<void> {
  for (let i = 0; i < count; i += batch) {
    const cmds: string[][] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) cmds.push(['SET', name(from + j), VALUE, ...(ttl ? TTL : [])]);
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
async function calibrateRedis(capacity: number, trace: Trace, ttl: boolean, log: (s: string) => void): Promise<number> {
  const probe = await startRedis();
  const pipe = await Pipe.open(probe.port);
  const base = Number((await pipe.info('memory')).used_memory);
  await load(pipe, 0, capacity, WINDOW, keyOf, ttl);
  const perKey = (Number((await pipe.info('memory')).used_memory) - base) / capacity;
  pipe.close();
  await probe.stop();
  let max = Math.round(base + perKey * capacity);
  for (let round = 0; round < 6; round++) {
    const r = await startRedis({ maxmemory: String(max), 'maxmemory-policy': ttl ? 'volatile-lru' : 'allkeys-lru' });
    const p = await Pipe.open(r.port);
    await replay(p, trace, ttl);
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
  const { requests, universe, capacity, log } = opts;
  const policies = opts.hitRatioPolicies;
  const shape = { requests, universe, seed: opts.seed };
  const traces = [zipfTrace(shape), zipfScanTrace(shape), movingHotSetTrace(shape)];
  // Limits that hold `capacity` keys, with and without a TTL on every key.
  const redisMax = { false: 0, true: 0 };
  const ourMax = { false: capacity * entrySize(keyOf(0), VALUE, false), true: capacity * entrySize(keyOf(0), VALUE, true) };
  if (policies.some((p) => !isVolatile(p))) redisMax.false = await calibrateRedis(capacity, traces[0]!, false, log);
  if (policies.some(isVolatile)) redisMax.true = await calibrateRedis(capacity, traces[0]!, true, log);
  const rows: Table['rows'] = [];
  for (const trace of traces) {
    const lru = exactLru(trace.ids, capacity);
    const opt = belady(trace.ids, capacity);
    rows.push([trace.name, 'exact LRU (offline)', pct(lru), '', capacity]);
    rows.push([trace.name, 'Bélády OPT (offline)', pct(opt), '', capacity]);
    if (policies.includes('volatile-ttl')) rows.push([trace.name, 'exact TTL order (offline)', pct(exactFifo(trace.ids, capacity)), '', capacity]);
    for (const policy of policies) {
      const ttl = isVolatile(policy);
      const results: Array<[string, number, number]> = [];
      for (const start of [
        () => startDwc({ maxmemory: String(ourMax[`${ttl}`]), 'maxmemory-policy': policy }),
        () => startRedis({ maxmemory: String(redisMax[`${ttl}`]), 'maxmemory-policy': policy }),
      ]) {
        const server: ServerUnderTest = await start();
        const pipe = await Pipe.open(server.port);
        try {
          const t0 = performance.now();
          const ratio = await replay(pipe, trace, ttl);
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

/** The keys redis-benchmark's `-r` draws from: `key:` and 12 digits. */
const benchKey = (id: number) => `key:${String(id).padStart(12, '0')}`;
const RESIDENT = 50_000;
const CLIENTS = ['-c', '50', '-d', '32'];

/** Redis's used_memory with RESIDENT of redis-benchmark's keys loaded: its limit for the same residency. */
async function redisBytesFor(keys: number): Promise<number> {
  const probe = await startRedis();
  const pipe = await Pipe.open(probe.port);
  try {
    await load(pipe, 0, keys, WINDOW, benchKey);
    return Number((await pipe.info('memory')).used_memory);
  } finally {
    pipe.close();
    await probe.stop();
  }
}

/**
 * SET throughput while evicting against SET throughput without eviction, measured as `npm run
 * bench` measures throughput: redis-benchmark SET with 50 clients, -P 16 (or `pipeline`), 32-byte
 * values and random keys from a 1M range (nearly every SET inserts a key, and under a limit evicts
 * one), the limit holding 50,000 keys. Also GET hits under allkeys-lru (the slot re-ordered per
 * hit, nothing evicted) against noeviction. Redis runs the same workloads beside us. Medians of
 * `rounds` runs, configurations interleaved (every other round in reverse order), with the range
 * of the rounds' ratios; server CPU per op from /proc.
 */
async function throughput(opts: Required<BenchOptions>): Promise<Table> {
  const requests = 1_000_000;
  const limits = { 'dwc-resp': RESIDENT * entrySize(benchKey(0), VALUE, false), redis: await redisBytesFor(RESIDENT) };
  type Run = { label: string; verb: 'set' | 'get'; policy?: string; limitFactor?: number; base?: string };
  const setBase = 'SET, no maxmemory';
  const getBase = 'GET hits, noeviction (50k keys)';
  const runs: Run[] = [
    { label: setBase, verb: 'set' },
    ...opts.policies.map((policy) => ({ label: `SET, evicting (${policy})`, verb: 'set' as const, policy, base: setBase })),
    { label: getBase, verb: 'get' },
    { label: 'GET hits, allkeys-lru (no eviction)', verb: 'get', policy: 'allkeys-lru', limitFactor: 2, base: getBase },
  ];
  const samples = new Map<string, { rps: number[]; cpuNs: number[] }>();
  for (let round = 0; round < opts.rounds; round++) {
    // Every other round in reverse, so that a drift in the machine's load within a round weighs
    // on a configuration and its baseline alike.
    for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
      for (const name of ['dwc-resp', 'redis'] as const) {
        const settings: Settings = run.policy === undefined ? {} : { maxmemory: String(Math.round(limits[name] * (run.limitFactor ?? 1))), 'maxmemory-policy': run.policy };
        const server = name === 'redis' ? await startRedis(settings) : await startDwc(settings);
        try {
          const target = ['-h', HOST, '-p', String(server.port), ...CLIENTS, '-P', String(opts.pipeline)];
          const range = run.verb === 'set' ? '1000000' : String(RESIDENT);
          if (run.verb === 'get') {
            const pipe = await Pipe.open(server.port);
            await load(pipe, 0, RESIDENT, WINDOW, benchKey);
            pipe.close();
          }
          // Warm-up, not recorded: compiles the hot path and, when evicting, reaches the limit.
          await redisBenchmark([...target, '-t', run.verb, '-n', '200000', '-r', range, '-q']);
          const before = cpuTicks(server.pid);
          const outcome = await redisBenchmarkCsv([...target, '-t', run.verb, '-n', String(requests), '-r', range]);
          const cpuNs = cpuMicrosPerOp(cpuTicks(server.pid) - before, ticksPerSecond, requests) * 1000;
          if (!outcome.ok) throw new Error(`${name} ${run.label}: ${outcome.reason} ${outcome.detail}`);
          const pipe = await Pipe.open(server.port);
          const evicted = (await pipe.info('stats')).evicted_keys;
          pipe.close();
          const key = `${name} ${run.label}`;
          const s = samples.get(key) ?? { rps: [], cpuNs: [] };
          s.rps.push(outcome.row.rps);
          s.cpuNs.push(cpuNs);
          samples.set(key, s);
          opts.log(`  ${key}: ${Math.round(outcome.row.rps)} ops/s, ${Math.round(cpuNs)} ns CPU/op, evicted_keys ${evicted}`);
        } finally {
          await server.stop();
        }
      }
    }
  }
  // A ratio is taken within each round, between runs minutes apart at most, and the median of
  // those is reported: on a shared machine throughput drifts more between rounds than within one.
  // Their range shows how far the machine moved them.
  const ratio = (name: string, run: Run) => {
    if (run.base === undefined) return '1.00';
    const base = samples.get(`${name} ${run.base}`)!.rps;
    const r = samples.get(`${name} ${run.label}`)!.rps.map((rps, round) => rps / base[round]!);
    return `${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}-${Math.max(...r).toFixed(2)})`;
  };
  const rows = runs.map((run) => {
    const [ours, theirs] = [samples.get(`dwc-resp ${run.label}`)!, samples.get(`redis ${run.label}`)!];
    return [run.label, Math.round(median(ours.rps)), ratio('dwc-resp', run), Math.round(median(ours.cpuNs)), Math.round(median(theirs.rps)), ratio('redis', run)];
  });
  return {
    title: `Throughput while evicting: redis-benchmark, 50 clients, -P ${opts.pipeline}, 32-byte values, ${RESIDENT} keys under the limit (medians of ${opts.rounds} rounds; ratios taken within each round)`,
    columns: ['workload', 'dwc-resp ops/s', 'ratio (rounds\' range)', 'dwc-resp CPU ns/op', 'redis ops/s', 'redis ratio (range)'],
    rows,
  };
}

/** An in-process keyspace with its evictor and a manual clock, under `policy` if given. */
function inProcessCache(policy?: string) {
  const clock = new ManualClock();
  const config = new Config();
  if (policy !== undefined) config.set('maxmemory-policy', policy);
  const ks = new Keyspace(16, clock);
  const evictor = attachEviction(config, ks);
  return { clock, config, ks, evictor, db: ks.dbs[0]! };
}

/** Time per evicted key in process: preload, lower maxmemory by `evictions` keys, time the evictor. */
function evictionCost(opts: Required<BenchOptions>): Table {
  const rows: Table['rows'] = [];
  const evictions = 50_000;
  for (const keys of [100_000, 1_000_000]) {
    for (const policy of opts.policies) {
      const { clock, config, ks, evictor, db } = inProcessCache(policy);
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

/**
 * The SET path in process, evicting against no limit, timed in interleaved chunks: two keyspaces
 * in one process take turns (ABBA) of CHUNK random SETs from a 1M range, one without a limit and
 * one under `policy` holding RESIDENT keys. Both see the machine as it is at the same moments,
 * so the ratio holds steady on a shared VM where runs minutes apart drift by 20-30%. No
 * protocol work is included: that is the same per SET with or without a limit, so the server's
 * ratio lies between this one and 1.
 */
function setPathCost(opts: Required<BenchOptions>): Table {
  const CHUNK = 20_000;
  const chunks = 100;
  const rows: Table['rows'] = [];
  const setter = (policy?: string) => {
    const { clock, config, evictor, db } = inProcessCache(policy);
    if (policy !== undefined) config.set('maxmemory', String(RESIDENT * entrySize(benchKey(0), VALUE, false)));
    // A fresh value string per SET, as the server's decoder makes one.
    const valueBytes = Buffer.from(VALUE, 'latin1');
    const random = seededRandom(12345);
    let n = 0;
    return (count: number) => {
      for (let i = 0; i < count; i++, n++) {
        const now = clock.now();
        evictor.evict(now, Infinity);
        db.put(benchKey(Math.floor(random() * 1_000_000)), valueBytes.toString('latin1'), null, now);
        if ((n & 1023) === 0) clock.advance(1);
      }
    };
  };
  for (const policy of opts.policies) {
    const [plain, evicting] = [setter(), setter(policy)];
    plain(300_000);
    evicting(300_000);
    let [tPlain, tEvicting] = [0, 0];
    for (let c = 0; c < chunks; c++) {
      for (const which of c % 2 === 0 ? [0, 1] : [1, 0]) {
        const t0 = performance.now();
        (which === 0 ? plain : evicting)(CHUNK);
        const dt = performance.now() - t0;
        if (which === 0) tPlain += dt;
        else tEvicting += dt;
      }
    }
    const perOp = (ms: number) => Math.round((ms * 1e6) / (CHUNK * chunks));
    rows.push([policy, perOp(tPlain), perOp(tEvicting), (tPlain / tEvicting).toFixed(2)]);
    opts.log(`  SET path in process, ${policy}: ${perOp(tEvicting)} vs ${perOp(tPlain)} ns/op without a limit`);
  }
  return {
    title: `SET path in process, evicting vs no limit (${RESIDENT} keys under the limit; interleaved chunks of ${CHUNK}, ${chunks} each)`,
    columns: ['policy', 'no limit ns/op', 'evicting ns/op', 'ratio'],
    rows,
  };
}

export async function runEvictionBench(options: BenchOptions = {}): Promise<Table[]> {
  const opts: Required<BenchOptions> = {
    ...HIT_RATIO_REPLAY,
    policies: ['allkeys-lru', 'allkeys-lfu', 'allkeys-random'],
    hitRatioPolicies: ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'],
    seed: 42,
    rounds: 5,
    pipeline: 16,
    parts: ['hit-ratio', 'throughput', 'cost'],
    log: () => {},
    ...options,
  };
  const tables: Table[] = [];
  if (opts.parts.includes('hit-ratio')) tables.push(await hitRatios(opts));
  if (opts.parts.includes('throughput')) tables.push(await throughput(opts));
  if (opts.parts.includes('cost')) tables.push(evictionCost(opts), setPathCost(opts));
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
