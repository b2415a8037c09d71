/**
 * Seeded request traces for the hit-ratio benchmark, and the offline references: exact LRU and
 * Bélády's optimum (evict the key whose next use is farthest away), both for a cache of a given
 * number of keys under cache-aside (every miss inserts).
 */
import { seededRandom } from '../test/helpers/random.js';

export interface Trace {
  name: string;
  /** Key ids, one per request. */
  ids: Int32Array;
}

/** Zipf(s) over ranks 0..n-1 by inverse CDF; rank 0 is the most popular. */
function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const u = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A random permutation of 0..n-1, so popular ranks land on scattered ids (and slots). */
function permutation(n: number, random: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** The hit-ratio replays' defaults (bench/eviction.ts), which bench/redis-model.ts models too. */
export const HIT_RATIO_REPLAY = { requests: 200_000, universe: 100_000, capacity: 10_000 };

export interface TraceShape {
  requests: number;
  /** Distinct keys in the popular universe. */
  universe: number;
  seed: number;
}

/** Zipf 0.99 over the universe. */
export function zipfTrace({ requests, universe, seed }: TraceShape): Trace {
  const random = seededRandom(seed);
  const zipf = zipfSampler(universe, 0.99, random);
  const perm = permutation(universe, random);
  const ids = new Int32Array(requests);
  for (let i = 0; i < requests; i++) ids[i] = perm[zipf()]!;
  return { name: 'zipf-0.99', ids };
}

/**
 * Zipf 0.99 interrupted every `every` requests by a sequential scan of `scan` keys never seen
 * before (a batch job reading cold data): scans flush an LRU cache of its hot keys.
 */
export function zipfScanTrace({ requests, universe, seed }: TraceShape, every = 20_000, scan = 6_000): Trace {
  const random = seededRandom(seed);
  const zipf = zipfSampler(universe, 0.99, random);
  const perm = permutation(universe, random);
  const ids = new Int32Array(requests);
  let nextScanId = universe;
  for (let i = 0; i < requests; ) {
    if (i > 0 && i % every === 0) {
      for (let j = 0; j < scan && i < requests; j++) ids[i++] = nextScanId++;
      continue;
    }
    ids[i++] = perm[zipf()]!;
  }
  return { name: 'zipf+scans', ids };
}

/**
 * A hot set of `hot` keys that slides through the universe (one key every 4 requests); 90% of
 * requests go to it uniformly, 10% to any key. Rewards recency, punishes stale frequency.
 */
export function movingHotSetTrace({ requests, universe, seed }: TraceShape, hot = 6_000): Trace {
  const random = seededRandom(seed);
  const perm = permutation(universe, random);
  const ids = new Int32Array(requests);
  for (let i = 0; i < requests; i++) {
    const base = Math.floor(i / 4);
    const rank = random() < 0.9 ? (base + Math.floor(random() * hot)) % universe : Math.floor(random() * universe);
    ids[i] = perm[rank]!;
  }
  return { name: 'moving-hot-set', ids };
}

/** Hit ratio of an exact LRU cache of `capacity` keys: a Map kept in access order. */
export function exactLru(ids: Int32Array, capacity: number): number {
  const cache = new Map<number, true>();
  let hits = 0;
  for (const id of ids) {
    if (cache.delete(id)) hits++;
    else if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(id, true);
  }
  return hits / ids.length;
}

/**
 * Hit ratio of exact FIFO: on overflow, evict the key written first. That is volatile-ttl's rule
 * without sampling when every key gets the same TTL at its write, as in the volatile replays.
 */
export function exactFifo(ids: Int32Array, capacity: number): number {
  const cache = new Set<number>();
  let hits = 0;
  for (const id of ids) {
    if (cache.has(id)) hits++;
    else {
      if (cache.size >= capacity) cache.delete(cache.values().next().value!);
      cache.add(id);
    }
  }
  return hits / ids.length;
}

/**
 * Hit ratio of Bélády's optimum: on overflow, evict the cached key (the new one included) whose
 * next request is farthest in the future. A max-heap on next use, with lazy deletion.
 */
export function belady(ids: Int32Array, capacity: number): number {
  const n = ids.length;
  const next = new Float64Array(n);
  const seen = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    next[i] = seen.get(ids[i]!) ?? Infinity;
    seen.set(ids[i]!, i);
  }
  const cache = new Map<number, number>();
  const heap: Array<[number, number]> = [];
  const push = (item: [number, number]) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (heap[p]![0] >= heap[i]![0]) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]![0] > heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] > heap[m]![0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (cache.has(id)) hits++;
    cache.set(id, next[i]!);
    push([next[i]!, id]);
    while (cache.size > capacity) {
      const [nu, victim] = pop();
      if (cache.get(victim) === nu) cache.delete(victim);
    }
  }
  return hits / n;
}
