/**
 * A model of Redis 7.0's eviction sampler (evict.c, dict.c), replaying a trace cache-aside, to
 * explain the hit-ratio cells where Redis and dwc-resp part (README, "Hit ratio"). It keeps:
 * - the dict: a chained hash table of power-of-two buckets, doubled when full, with a new key at
 *   the head of its chain (rehashing is done at once, where Redis spreads it over commands);
 * - dictGetSomeKeys's sample: a random bucket and the buckets after it, each chain taken from its
 *   head (the newest key first), until `samples` keys, jumping elsewhere after a run of empty
 *   buckets, in at most `samples * 10` steps;
 * - the 16-entry pool, with Redis's insertion rule, copies of a key allowed, and a popped key
 *   evicted if it still exists;
 * - the rank: LRU with Redis's one-second clock (a key's idle time is in whole seconds), or the
 *   nearest deadline when every key is written with the same TTL (volatile-ttl).
 * `sampling: 'uniform'` replaces the walk with independent uniform picks, as dwc-resp samples
 * keys with a TTL. Run it (`npx tsx bench/redis-model.ts`) for the table the README quotes.
 */
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../test/helpers/random.js';
import { HIT_RATIO_REPLAY, exactFifo, exactLru, movingHotSetTrace, zipfScanTrace, zipfTrace, type Trace } from './traces.js';

export interface ModelOptions {
  rank: 'lru' | 'ttl';
  sampling: 'walk' | 'uniform';
  /** The replay's speed: Redis's LRU clock counts seconds, so its ranking depends on it. */
  requestsPerSecond: number;
  samples?: number;
  random: () => number;
}

const EVPOOL_SIZE = 16;
/** The speed of the measured seed-42 replay (200,000 requests in 4.7 s), for volatile-ttl's rows. */
const MEASURED_RATE = 42_500;

/** Hit ratio of the model under cache-aside (every miss inserts) with `capacity` resident keys. */
export function redisModelHitRatio(ids: Int32Array, capacity: number, opts: ModelOptions): number {
  const { random, requestsPerSecond } = opts;
  const samples = opts.samples ?? 5;
  // Per key: the second of its last access (lru) or its deadline in ms (ttl); absent if evicted.
  const stamp = new Map<number, number>();
  let buckets: number[][] = [[], [], [], []];
  const hashSeed = Math.floor(random() * 2 ** 31);
  const bucketOf = (id: number, size: number): number => {
    let x = Math.imul(id ^ hashSeed, 0x9e3779b1);
    x ^= x >>> 15;
    x = Math.imul(x, 0x85ebca6b);
    return ((x ^ (x >>> 13)) >>> 0) & (size - 1);
  };
  // For uniform picks: the keys in a dense array, removed by moving the last into the hole.
  const dense: number[] = [];
  const place = new Map<number, number>();
  // The pool, worst first; its idle values grow towards the end, the next victim is the last.
  const poolIds: number[] = [];
  const poolIdle: number[] = [];

  let request = 0;
  const second = () => Math.floor(request / requestsPerSecond);
  const idle = (id: number): number =>
    opts.rank === 'lru' ? (second() - stamp.get(id)!) * 1000 : Number.MAX_SAFE_INTEGER - stamp.get(id)!;

  const offer = (id: number): void => {
    const value = idle(id);
    let k = 0;
    while (k < poolIds.length && poolIdle[k]! < value) k++;
    if (k === 0 && poolIds.length === EVPOOL_SIZE) return;
    if (poolIds.length === EVPOOL_SIZE) {
      // Full: the worst goes, and those below the new place move down into its room.
      poolIds.shift();
      poolIdle.shift();
      k--;
    }
    poolIds.splice(k, 0, id);
    poolIdle.splice(k, 0, value);
  };

  const sample = (): number[] => {
    const out: number[] = [];
    if (opts.sampling === 'uniform') {
      for (let i = 0; i < samples; i++) out.push(dense[Math.floor(random() * dense.length)]!);
      return out;
    }
    const mask = buckets.length - 1;
    let i = Math.floor(random() * buckets.length);
    let empty = 0;
    for (let steps = samples * 10; steps > 0 && out.length < samples; steps--) {
      const chain = buckets[i]!;
      if (chain.length === 0) {
        if (++empty >= 5 && empty > samples) {
          i = Math.floor(random() * buckets.length);
          empty = 0;
        }
      } else {
        empty = 0;
        for (const id of chain) {
          out.push(id);
          if (out.length === samples) return out;
        }
      }
      i = (i + 1) & mask;
    }
    return out;
  };

  const insert = (id: number): void => {
    if (stamp.size >= buckets.length) {
      const grown: number[][] = Array.from({ length: buckets.length * 2 }, () => []);
      // As dictRehash: each chain from its head, every key pushed onto the head of its new chain.
      for (const chain of buckets) for (const id of chain) grown[bucketOf(id, grown.length)]!.unshift(id);
      buckets = grown;
    }
    stamp.set(id, opts.rank === 'lru' ? second() : Math.floor((request * 1000) / requestsPerSecond) + 86_400_000);
    buckets[bucketOf(id, buckets.length)]!.unshift(id);
    place.set(id, dense.length);
    dense.push(id);
  };

  const remove = (id: number): void => {
    stamp.delete(id);
    const chain = buckets[bucketOf(id, buckets.length)]!;
    chain.splice(chain.indexOf(id), 1);
    const at = place.get(id)!;
    const last = dense.pop()!;
    if (last !== id) {
      dense[at] = last;
      place.set(last, at);
    }
    place.delete(id);
  };

  let hits = 0;
  for (; request < ids.length; request++) {
    const id = ids[request]!;
    if (stamp.has(id)) {
      hits++;
      if (opts.rank === 'lru') stamp.set(id, second());
      continue;
    }
    while (stamp.size >= capacity) {
      for (const s of sample()) offer(s);
      while (poolIds.length > 0) {
        const victim = poolIds.pop()!;
        poolIdle.pop();
        if (stamp.has(victim)) {
          remove(victim);
          break;
        }
      }
    }
    insert(id);
  }
  return hits / ids.length;
}

/** Mean and range of the model's hit ratio over `runs` random seeds (Redis's hash seed and picks). */
function spread(trace: Trace, capacity: number, opts: Omit<ModelOptions, 'random'>, runs: number): string {
  const xs = Array.from({ length: runs }, (_, r) => 100 * redisModelHitRatio(trace.ids, capacity, { ...opts, random: seededRandom(1000 + r) }));
  const mean = xs.reduce((a, b) => a + b) / runs;
  return `${mean.toFixed(2)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;
}

function main(): void {
  const { requests, universe, capacity } = HIT_RATIO_REPLAY;
  const runs = 6;
  const rates = [20_000, 30_000, 40_000, 42_500, 50_000, 69_000, 200_000];
  for (const seed of [42, 1, 2, 3]) {
    const shape = { requests, universe, seed };
    const traces = [zipfTrace(shape), zipfScanTrace(shape), movingHotSetTrace(shape)];
    console.log(`\nseed ${seed}: hit ratio %, mean (range) of ${runs} runs`);
    console.log(`| model | ${traces.map((t) => t.name).join(' | ')} |`);
    console.log(`|---|${traces.map(() => '---:').join('|')}|`);
    const row = (name: string, cell: (t: Trace) => string) => console.log(`| ${name} | ${traces.map(cell).join(' | ')} |`);
    row('exact FIFO', (t) => (100 * exactFifo(t.ids, capacity)).toFixed(2));
    for (const sampling of ['uniform', 'walk'] as const) {
      row(`volatile-ttl, ${sampling} samples`, (t) => spread(t, capacity, { rank: 'ttl', sampling, requestsPerSecond: MEASURED_RATE }, runs));
    }
    if (seed !== 42) continue;
    row('exact LRU', (t) => (100 * exactLru(t.ids, capacity)).toFixed(2));
    for (const rate of rates) {
      row(`allkeys-lru, walk, ${rate} req/s`, (t) => spread(t, capacity, { rank: 'lru', sampling: 'walk', requestsPerSecond: rate }, runs));
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
