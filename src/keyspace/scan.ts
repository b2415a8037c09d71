import type { Database, SlotMap } from './database.js';
import type { Entry } from './entry.js';
import { SLOT_COUNT } from './slot-hash.js';

/**
 * Walking a database without holding it: SCAN's cursor and RANDOMKEY.
 *
 * SCAN's guarantee is that a key present for the whole scan is returned at least once, however
 * the keyspace changes between calls. Positions inside a Map shift when earlier keys are
 * deleted, so the cursor never names a position. It names a point in a fixed order of keys:
 *
 *     cursor = slot * 2^16 + bucket        (0 <= slot < 16384, 0 <= bucket < 2^16)
 *
 * where `slot` is the key's hash slot and `bucket` a second, independent 16-bit hash of the
 * whole key (FNV-1a). A key's (slot, bucket) never changes, and each call covers a contiguous
 * range of that order, so every key lies in exactly one call's range. A call returns whole
 * slots while they are small; inside a big slot (all keys under one {hash tag}, say) it takes a
 * sub-range of buckets sized for COUNT, at least 1/64 of the slot, so a slot is read at most 64
 * times in a scan. Cursor 0 starts a scan and is returned when it ends; cursors are below 2^30.
 */
export const BUCKET_BITS = 16;
const BUCKETS = 1 << BUCKET_BITS;
const CURSOR_LIMIT = SLOT_COUNT * BUCKETS;
/** A slot this small is returned whole, whatever COUNT says. */
const SMALL_SLOT = 64;
/** The narrowest bucket range taken from a big slot: at most 64 passes over it per scan. */
const MIN_BUCKET_RANGE = BUCKETS / 64;

/** A 16-bit hash of the key, independent of its slot (FNV-1a folded to 16 bits). */
export function keyBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (BUCKETS - 1);
}

/**
 * Calls `visit` for the keys after `cursor` (expired ones too: the caller filters), about
 * `count` of them, and returns the next cursor (0 when the scan is complete). A cursor outside
 * the cursor space ends the scan at once.
 */
export function scanSlots(db: Database, cursor: number, count: number, visit: (key: string, entry: Entry) => void): number {
  if (cursor >= CURSOR_LIMIT) return 0;
  let slot = Math.floor(cursor / BUCKETS);
  let bucket = cursor % BUCKETS;
  let returned = 0;
  while (slot < SLOT_COUNT && returned < count) {
    const entries = db.slots[slot];
    const size = entries?.size ?? 0;
    if (size === 0) {
      slot++;
      bucket = 0;
      continue;
    }
    const wanted = count - returned;
    if (bucket === 0 && size <= Math.max(wanted, SMALL_SLOT)) {
      for (const [key, entry] of entries!) visit(key, entry);
      returned += size;
      slot++;
      continue;
    }
    const width = Math.min(BUCKETS - bucket, Math.max(MIN_BUCKET_RANGE, Math.ceil((BUCKETS * wanted) / size)));
    const end = bucket + width;
    for (const [key, entry] of entries!) {
      const b = keyBucket(key);
      if (b >= bucket && b < end) {
        visit(key, entry);
        returned++;
      }
    }
    if (end === BUCKETS) {
      slot++;
      bucket = 0;
    } else {
      bucket = end;
    }
  }
  return slot >= SLOT_COUNT ? 0 : slot * BUCKETS + bucket;
}

/**
 * A random stored key (expired or not), or undefined when the database is empty: a slot drawn
 * with probability proportional to its key count (the slot weights the evictor samples with),
 * then a random key inside it, so every key is equally likely.
 */
export function randomStoredKey(db: Database): [string, Entry] | undefined {
  if (db.keyCount === 0) return undefined;
  return randomEntryOf(db.slots[db.slotSizes.draw(Math.random())]!, Math.random);
}

/** A uniformly random entry of a Map, found by walking it (a Map cannot be indexed); undefined if empty. */
export function randomEntryOf(entries: SlotMap, random: () => number): [string, Entry] | undefined {
  let skip = Math.floor(random() * entries.size);
  for (const pair of entries) if (skip-- === 0) return pair;
  return undefined;
}
