/**
 * Redis's LFU access state (evict.c), packed in one small integer exactly as Redis packs it in
 * the 24-bit `lru` field of an object: the high 16 bits are the last decrement time in minutes
 * (wrapping every ~45 days), the low 8 bits a logarithmic access counter.
 *
 * The counter is not a count: it grows with probability 1 / ((counter - LFU_INIT_VAL) *
 * lfu-log-factor + 1), so with the default factor 10 it reaches 255 after about a million hits.
 * It decays by one per `lfu-decay-time` minutes since the last decrement, and only when the key
 * is read or examined, never by a background sweep. A new key starts at LFU_INIT_VAL so it is
 * not evicted before it has a chance to be accessed again.
 *
 * All functions are pure: the time (epoch ms) and the random source are passed in, so tests
 * drive decay with a ManualClock and a seeded or constant random source.
 */
export const LFU_INIT_VAL = 5;

/** LFUGetTimeInMinutes(): the minute clock, 16 bits. */
export function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 0xffff;
}

/** LFULogIncr(): the counter after one access. `random` returns a number in [0, 1). */
export function lfuLogIncr(counter: number, logFactor: number, random: () => number): number {
  if (counter === 255) return 255;
  const r = random();
  let baseval = counter - LFU_INIT_VAL;
  if (baseval < 0) baseval = 0;
  const p = 1.0 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/** LFUDecrAndReturn(): the counter after the decay owed since the last decrement. */
export function lfuDecrAndReturn(access: number, nowMs: number, decayTime: number): number {
  return lfuDecayedAt(access, lfuMinutes(nowMs), decayTime);
}

/**
 * LFUDecrAndReturn() at the minute clock's value `minutes`, for callers that rank several keys
 * at one time (the evictor): the clock's division is done once, and a key touched this minute
 * owes no decay and needs none.
 */
export function lfuDecayedAt(access: number, minutes: number, decayTime: number): number {
  const ldt = access >>> 8;
  const counter = access & 0xff;
  if (ldt === minutes || decayTime === 0) return counter;
  // LFUTimeElapsed(): minutes since `ldt`, modulo the 16-bit wrap (Redis's own arithmetic).
  const elapsed = minutes >= ldt ? minutes - ldt : 65535 - ldt + minutes;
  const periods = Math.floor(elapsed / decayTime);
  return periods > counter ? 0 : counter - periods;
}

/**
 * How good an eviction victim a key is under LFU, higher first, at the minute clock `minutes`:
 * 255 - its decayed counter, as Redis's pool ranks it, and among equal decayed counters the key
 * whose stored counter is lower first. That key decayed less to the same count: it earned it
 * with fewer accesses, or later. Why it matters: when the minute clock ticks, every key last
 * touched in the previous minute decays by one and ties with the keys created since, at
 * LFU_INIT_VAL. allkeys-lfu samples each slot's least recently used entries, which are the older
 * keys, so the ties went against keys with more past accesses. A tick during a replay of
 * bench/eviction.ts's traces cost 0.4 (zipf) and 0.8 (zipf with scans) points of hit ratio in
 * process, and 0.42 points on zipf with scans in a server replay, where Redis lost 0.16;
 * with this order, at most 0.06 points in process (three seeds).
 */
export function lfuVictimScore(access: number, minutes: number, decayTime: number): number {
  return 255 - lfuDecayedAt(access, minutes, decayTime) + (255 - (access & 0xff)) / 256;
}

/** updateLFU(): decay, then one logarithmic increment, stamped with the current minute. */
export function lfuTouch(access: number, nowMs: number, logFactor: number, decayTime: number, random: () => number): number {
  const counter = lfuLogIncr(lfuDecrAndReturn(access, nowMs, decayTime), logFactor, random);
  return (lfuMinutes(nowMs) << 8) | counter;
}

/** The access state of a new key. */
export function lfuInitial(nowMs: number): number {
  return (lfuMinutes(nowMs) << 8) | LFU_INIT_VAL;
}
