/**
 * One stored key. `value` is a latin1 string (bytes, one char per byte) and is never mutated in
 * place: writes replace it, so a snapshot can share it.
 *
 * `expireAt` is epoch ms or null. It starts as null rather than 0 on purpose: a field that only
 * ever holds null or a number stays "tagged" in V8, so only volatile keys pay for a boxed
 * double; a field initialised with 0 would box a double in every entry once one key got a TTL.
 *
 * `access` is the policy's per-key state in one small integer: under LRU, the last access time
 * in ms masked to 31 bits (wraps every 24.8 days, compared modulo 2^31 as Redis does with its
 * 24-bit clock); under LFU, Redis's 16-bit decay time and 8-bit logarithmic counter.
 */
export class Entry {
  constructor(
    public value: string,
    public expireAt: number | null,
    public access: number,
    /** The accounted size (entrySize), kept so that deleting the entry need not read its value. */
    public size: number,
  ) {}
}

/**
 * Bytes the accounting charges an entry beyond its key and value bytes, calibrated against the
 * server's RSS growth (`npm run bench`, memory phase: 1M keys of 11 bytes with 32-byte values grew
 * RSS by 239-243 B/key on Node 20 x64 in three runs, so 43 bytes of data + ~198). Where it goes,
 * measured in process on the same load with forced GCs: the heap's live objects grow by 177.5
 * B/key, which is the data and the Entry object (3 header words and 4 fields, 56), the key and
 * value strings' headers and padding (37), and the slot Map's entry and hash-bucket share (~40);
 * the heap's free space grows by another ~39 B/key and RSS beyond the heap by ~17 (in the
 * server a few more, with its buffers).
 */
export const ENTRY_OVERHEAD = 198;
/**
 * Extra bytes for a key with a TTL, measured as the server's RSS growth for 1M keys with `EX` over
 * 1M without: 115-124 B/key (three runs; the same 15 s after the load as 1 s after). In process,
 * after forced GCs, a TTL adds 50 B/key to the live heap (the deadline boxed as a heap number,
 * 16; the key's position in the VolatileIndex Map and its two dense-array slots) and 64 to RSS;
 * the server, which nothing forces to collect, keeps ~55 more.
 */
export const EXPIRE_OVERHEAD = 120;

export function entrySize(key: string, value: string, volatile: boolean): number {
  return ENTRY_OVERHEAD + key.length + value.length + (volatile ? EXPIRE_OVERHEAD : 0);
}

export const LRU_MASK = 0x7fffffff;

/** Redis's keyIsExpired: a key lives through its deadline's millisecond and is gone the next. */
export function isExpired(expireAt: number | null, now: number): boolean {
  return expireAt !== null && now > expireAt;
}
