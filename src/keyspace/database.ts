import { forgetEncodingMark } from './encoding.js';
import { Entry, entrySize, isExpired } from './entry.js';
import { SLOT_COUNT, keySlot } from './slot-hash.js';
import { VolatileIndex } from './volatile-index.js';
import { SlotWeights } from '../eviction/slot-weights.js';

/** The recorded stamp of a slot position that holds no entry. */
export const NO_STAMP = -1;

/** The part of the keyspace a database reports to: global totals, counters and policy hooks. */
export interface KeyspaceOwner {
  /** Bytes accounted across all databases; adjusted by every mutation. */
  usedBytes: number;
  /** The highest usedBytes seen (used_memory_peak). */
  peakBytes: number;
  /** Writes since the last snapshot (rdb_changes_since_last_save). */
  dirty: number;
  readonly stats: KeyspaceStats;
  /** Re-insert touched entries at the end of their slot's Map (allkeys-lru order). */
  readonly accessOrder: boolean;
  /** The policy's access state: under 'lfu', access order also records each slot's second entry. */
  readonly mode: 'lru' | 'lfu';
  /** Marks an entry as just accessed under the current policy. */
  touch(entry: Entry, now: number): void;
  /** The access state a new entry starts with. */
  initialAccess(now: number): number;
  /** Called with a slot just before it or one of its entries changes (snapshot copy-on-write). */
  readonly slotWriteHooks: ReadonlySet<(entries: SlotMap) => void>;
}

export class KeyspaceStats {
  hits = 0;
  misses = 0;
  expired = 0;
  evicted = 0;
  evictedBytes = 0;
  /** Counters kept elsewhere (per-slot hits and evictions, the memory peak) that reset with these. */
  private readonly alsoReset: Array<() => void> = [];

  onReset(fn: () => void): void {
    this.alsoReset.push(fn);
  }

  reset(): void {
    this.hits = this.misses = this.expired = this.evicted = this.evictedBytes = 0;
    for (const fn of this.alsoReset) fn();
  }
}

/**
 * The entries of one of the 16,384 hash slots of a database, in access order under allkeys-lru
 * and allkeys-lfu. A slot's counters live beside the Maps, in the database's typed arrays.
 */
export type SlotMap = Map<string, Entry>;

/**
 * A numbered database. Every mutation passes through put/remove/setExpire, which measure the
 * entry before and after and keep the slot's, the database's and the keyspace's byte totals
 * exact. Reads that must not see expired keys use `get` (no statistics) or `read` (hits,
 * misses and LRU/LFU touch, Redis's lookupKeyRead).
 */
export class Database {
  /**
   * Each slot's entries, created with its first key and kept once emptied. The Maps sit in the
   * array itself, and each slot's counters in the typed arrays below, so that reaching a key
   * costs one dependent memory read fewer than a slot object holding its Map would (in a profile
   * of evicting SETs, that object's load was the costliest instruction of both eviction and put).
   */
  slots: Array<SlotMap | undefined> = new Array(SLOT_COUNT);
  /** Accounted bytes per slot. */
  slotBytes = new Float64Array(SLOT_COUNT);
  /** Read hits and evictions per slot (CLUSTER SLOT-STATS). */
  slotHits = new Float64Array(SLOT_COUNT);
  slotEvictions = new Float64Array(SLOT_COUNT);
  /** Keys with a TTL, for active expiry, INFO keyspace and volatile-* eviction. */
  expires = new VolatileIndex();
  keyCount = 0;
  bytes = 0;
  /** Number of slots holding at least one key. */
  slotsInUse = 0;
  /** Key count per slot, for picking slots weighted by size (eviction sampling). */
  slotSizes = new SlotWeights(SLOT_COUNT);
  /**
   * Under allkeys-lru and -lfu (access order), the access stamps of each slot's first two, least
   * recently used entries: `stamps[slot * 2]` the head's, `stamps[slot * 2 + 1]` the second's
   * (recorded under allkeys-lfu only). The evictor compares sampled slots here without touching
   * their Maps, and a slot's two stamps share a cache line. NO_STAMP where there is no entry
   * (access words are never negative), so a pooled slot position that emptied since it was
   * sampled fails the evictor's stamp check on its own.
   */
  stamps = new Int32Array(SLOT_COUNT * 2).fill(NO_STAMP);

  constructor(
    readonly index: number,
    private readonly owner: KeyspaceOwner,
  ) {}

  /** The entry as stored, expired or not. */
  peek(key: string): Entry | undefined {
    return this.slots[keySlot(key)]?.get(key);
  }

  /** The live entry, deleting it first if it has expired. No statistics, no touch. */
  get(key: string, now: number): Entry | undefined {
    const index = keySlot(key);
    const entries = this.slots[index];
    return entries === undefined ? undefined : this.live(index, entries, key, now);
  }

  private live(index: number, entries: SlotMap, key: string, now: number): Entry | undefined {
    const e = entries.get(key);
    if (e === undefined) return undefined;
    if (isExpired(e.expireAt, now)) {
      this.expireEntry(key, e, index);
      return undefined;
    }
    return e;
  }

  /** A read lookup: counts a hit or miss and touches the entry, as Redis's lookupKeyRead. */
  read(key: string, now: number): Entry | undefined {
    const index = keySlot(key);
    const entries = this.slots[index];
    const e = entries === undefined ? undefined : this.live(index, entries, key, now);
    if (e === undefined) {
      this.owner.stats.misses++;
      return undefined;
    }
    this.owner.stats.hits++;
    this.slotHits[index]++;
    this.touchIn(index, entries!, key, e, now);
    return e;
  }

  /** A read that counts a hit or miss but leaves the access state alone (LOOKUP_NOTOUCH). */
  readNoTouch(key: string, now: number): Entry | undefined {
    const e = this.get(key, now);
    if (e === undefined) this.owner.stats.misses++;
    else this.owner.stats.hits++;
    return e;
  }

  /** A write lookup: live entry, touched, no hit/miss statistics (lookupKeyWrite). */
  getForWrite(key: string, now: number): Entry | undefined {
    const index = keySlot(key);
    const entries = this.slots[index];
    const e = entries === undefined ? undefined : this.live(index, entries, key, now);
    if (e !== undefined) this.touchIn(index, entries!, key, e, now);
    return e;
  }

  /** Touches under the policy; in access order, moves the entry to the end of its slot. */
  private touchIn(index: number, entries: SlotMap, key: string, e: Entry, now: number): void {
    const before = e.access;
    this.owner.touch(e, now);
    if (this.owner.accessOrder) {
      this.beforeWrite(entries);
      entries.delete(key);
      entries.set(key, e);
      // The recorded stamps are those of the first two entries: one that matches neither was not
      // among them, so moving it to the end changed neither (most hits skip the iterator).
      if (before === this.stamps[index * 2] || before === this.stamps[index * 2 + 1]) this.noteHead(index, entries);
    }
  }

  /** Records every slot's stamps afresh (after a policy switch, or a load that set access states). */
  noteHeads(): void {
    for (let index = 0; index < SLOT_COUNT; index++) {
      const entries = this.slots[index];
      if (entries !== undefined && entries.size > 0) this.noteHead(index, entries);
    }
  }

  /**
   * Records the access stamp of the slot's first entry, and under allkeys-lfu of its second;
   * the slot must not be empty.
   */
  noteHead(index: number, entries: SlotMap): void {
    const it = entries.values();
    this.stamps[index * 2] = (it.next().value as Entry).access;
    if (this.owner.mode === 'lfu') {
      const second = it.next();
      this.stamps[index * 2 + 1] = second.done === true ? NO_STAMP : second.value.access;
    }
  }

  /**
   * Creates or replaces `key`. `expireAt` is the new deadline (null: none). To keep an existing
   * TTL the caller passes the old entry's deadline.
   */
  put(key: string, value: string, expireAt: number | null, now: number): Entry {
    const index = keySlot(key);
    let entries = this.slots[index];
    if (entries === undefined) entries = this.slots[index] = new Map();
    this.beforeWrite(entries);
    let old = entries.get(key);
    if (old !== undefined && isExpired(old.expireAt, now)) {
      // What a write lookup would have done first: reclaim it as expired, then create anew.
      this.expireEntry(key, old, index);
      old = undefined;
    }
    const size = entrySize(key, value, expireAt !== null);
    if (old === undefined) {
      const e = new Entry(value, expireAt, this.owner.initialAccess(now), size);
      if (entries.size === 0) {
        this.slotsInUse++;
        this.stamps[index * 2] = e.access;
        this.stamps[index * 2 + 1] = NO_STAMP;
      } else if (entries.size === 1) this.stamps[index * 2 + 1] = e.access;
      entries.set(key, e);
      this.slotSizes.add(index, 1);
      this.keyCount++;
      if (expireAt !== null) this.expires.set(key, e);
      this.account(index, size);
      this.owner.dirty++;
      return e;
    }
    const delta = size - old.size;
    if (old.expireAt !== null && expireAt === null) this.expires.delete(key);
    else if (old.expireAt === null && expireAt !== null) this.expires.set(key, old);
    forgetEncodingMark(old);
    old.value = value;
    old.expireAt = expireAt;
    old.size = size;
    this.touchIn(index, entries, key, old, now);
    this.account(index, delta);
    this.owner.dirty++;
    return old;
  }

  /** Sets or clears the deadline of an existing entry. */
  setExpire(key: string, entry: Entry, expireAt: number | null): void {
    const wasVolatile = entry.expireAt !== null;
    const index = keySlot(key);
    this.beforeWrite(this.slots[index]!);
    entry.expireAt = expireAt;
    this.owner.dirty++;
    if (wasVolatile === (expireAt !== null)) return;
    if (expireAt === null) this.expires.delete(key);
    else this.expires.set(key, entry);
    const size = entrySize(key, entry.value, expireAt !== null);
    this.account(index, size - entry.size);
    entry.size = size;
  }

  /** Deletes `key` if present (expired or not). */
  remove(key: string): boolean {
    const index = keySlot(key);
    const entries = this.slots[index];
    const e = entries?.get(key);
    if (e === undefined) return false;
    this.unlink(key, e, index, entries!);
    this.owner.dirty++;
    return true;
  }

  /** Deletes an expired entry and counts it in expired_keys. */
  expireEntry(key: string, e: Entry, index = keySlot(key)): void {
    this.unlink(key, e, index, this.slots[index]!);
    this.owner.stats.expired++;
    this.owner.dirty++;
  }

  /**
   * Deletes an entry chosen by the evictor from slot `index`; counts it in evicted_keys and
   * evicted bytes. `depth`: its position in the slot's access order if known (0: the head, 1:
   * the second).
   */
  evict(key: string, e: Entry, index: number, entries: SlotMap, depth = -1): void {
    const size = this.unlink(key, e, index, entries, depth);
    this.slotEvictions[index]++;
    this.owner.stats.evicted++;
    this.owner.stats.evictedBytes += size;
  }

  /**
   * Zeroes the per-slot hits and evictions (CONFIG RESETSTAT, FLUSHDB). Fresh arrays rather than
   * fill(0): their pages stay untouched, so resetting does not make every database's counters
   * resident.
   */
  resetSlotStats(): void {
    this.slotHits = new Float64Array(SLOT_COUNT);
    this.slotEvictions = new Float64Array(SLOT_COUNT);
  }

  /** Deletes every key; returns how many there were. */
  flush(): number {
    const n = this.keyCount;
    this.owner.usedBytes -= this.bytes;
    this.slots.fill(undefined);
    this.slotBytes = new Float64Array(SLOT_COUNT);
    this.resetSlotStats();
    this.expires.clear();
    this.slotSizes.clear();
    this.stamps.fill(NO_STAMP);
    this.keyCount = 0;
    this.bytes = 0;
    this.slotsInUse = 0;
    if (n > 0) this.owner.dirty += n;
    return n;
  }

  /**
   * Exchanges the whole contents of two databases (SWAPDB). The Database objects stay where
   * they are, so clients holding one see the other's data at once; the keyspace total is unchanged.
   */
  swapContents(other: Database): void {
    [this.slots, other.slots] = [other.slots, this.slots];
    [this.slotBytes, other.slotBytes] = [other.slotBytes, this.slotBytes];
    [this.slotHits, other.slotHits] = [other.slotHits, this.slotHits];
    [this.slotEvictions, other.slotEvictions] = [other.slotEvictions, this.slotEvictions];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.keyCount, other.keyCount] = [other.keyCount, this.keyCount];
    [this.bytes, other.bytes] = [other.bytes, this.bytes];
    [this.slotsInUse, other.slotsInUse] = [other.slotsInUse, this.slotsInUse];
    [this.slotSizes, other.slotSizes] = [other.slotSizes, this.slotSizes];
    [this.stamps, other.stamps] = [other.stamps, this.stamps];
  }

  /**
   * Deletes the entry (at `depth` in its slot's access order, if known); returns its accounted
   * size. With the depth known, the access word of the entry that moves into the recorded
   * stamps is read before the delete: it is likely a cache miss, and read first it overlaps the
   * Map's delete rather than follows it.
   */
  private unlink(key: string, e: Entry, index: number, entries: SlotMap, depth = -1): number {
    const lfu = this.owner.mode === 'lfu';
    let gained = NO_STAMP;
    if (depth !== -1 && this.owner.accessOrder) {
      // The new head under allkeys-lru (the victim was the head), the new second under allkeys-lfu.
      const it = entries.values();
      it.next();
      if (lfu) it.next();
      const r = it.next();
      if (r.done !== true) gained = r.value.access;
    }
    this.beforeWrite(entries);
    entries.delete(key);
    this.slotSizes.add(index, -1);
    if (e.expireAt !== null) this.expires.delete(key);
    this.keyCount--;
    const stamps = this.stamps;
    if (entries.size === 0) {
      this.slotsInUse--;
      stamps[index * 2] = stamps[index * 2 + 1] = NO_STAMP;
    } else if (this.owner.accessOrder) {
      if (depth === -1) this.noteHead(index, entries);
      else if (!lfu) stamps[index * 2] = gained;
      else {
        if (depth === 0) stamps[index * 2] = stamps[index * 2 + 1]!;
        stamps[index * 2 + 1] = gained;
      }
    }
    this.account(index, -e.size);
    return e.size;
  }

  private beforeWrite(entries: SlotMap): void {
    const hooks = this.owner.slotWriteHooks;
    if (hooks.size !== 0) for (const hook of hooks) hook(entries);
  }

  private account(index: number, delta: number): void {
    this.slotBytes[index] += delta;
    this.bytes += delta;
    const used = (this.owner.usedBytes += delta);
    if (used > this.owner.peakBytes) this.owner.peakBytes = used;
  }
}
