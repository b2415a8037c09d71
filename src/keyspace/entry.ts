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
  ) {}
}

/** Bytes the accounting charges an entry beyond its key and value bytes. */
export const ENTRY_OVERHEAD = 64;
/** Extra bytes charged for a key with a TTL (the boxed deadline and the expires index). */
export const EXPIRE_OVERHEAD = 32;

export function entrySize(key: string, value: string, volatile: boolean): number {
  return ENTRY_OVERHEAD + key.length + value.length + (volatile ? EXPIRE_OVERHEAD : 0);
}

export const LRU_MASK = 0x7fffffff;
