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
  readonly slotWriteHooks: ReadonlySet<(slot: Slot) => void>;
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

/** One of the 16,384 hash slots of a database: its entries, and their count and bytes. */
export class Slot {
  readonly entries = new Map<string, Entry>();
  bytes = 0;
  /** Read hits and evictions in this slot (CLUSTER SLOT-STATS). */
  hits = 0;
  evictions = 0;
  /** The evictor's rotating position in `entries` (see src/keyspace/evictor.ts). */
  hand: Iterator<[string, Entry]> | undefined = undefined;

  constructor(readonly index: number) {}
}

/**
 * A numbered database. Every mutation passes through put/remove/setExpire, which measure the
 * entry before and after and keep the slot's, the database's and the keyspace's byte totals
 * exact. Reads that must not see expired keys use `get` (no statistics) or `read` (hits,
 * misses and LRU/LFU touch, Redis's lookupKeyRead).
 */
export class Database {
  slots: Array<Slot | undefined> = new Array(SLOT_COUNT);
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
    return this.slots[keySlot(key)]?.entries.get(key);
  }

  /** The live entry, deleting it first if it has expired. No statistics, no touch. */
  get(key: string, now: number): Entry | undefined {
    const slot = this.slots[keySlot(key)];
    return slot === undefined ? undefined : this.live(slot, key, now);
  }

  private live(slot: Slot, key: string, now: number): Entry | undefined {
    const e = slot.entries.get(key);
    if (e === undefined) return undefined;
    if (isExpired(e.expireAt, now)) {
      this.expireEntry(key, e, slot);
      return undefined;
    }
    return e;
  }

  /** A read lookup: counts a hit or miss and touches the entry, as Redis's lookupKeyRead. */
  read(key: string, now: number): Entry | undefined {
    const slot = this.slots[keySlot(key)];
    const e = slot === undefined ? undefined : this.live(slot, key, now);
    if (e === undefined) {
      this.owner.stats.misses++;
      return undefined;
    }
    this.owner.stats.hits++;
    slot!.hits++;
    this.touchIn(slot!, key, e, now);
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
    const slot = this.slots[keySlot(key)];
    const e = slot === undefined ? undefined : this.live(slot, key, now);
    if (e !== undefined) this.touchIn(slot!, key, e, now);
    return e;
  }

  /** Touches under the policy; in access order, moves the entry to the end of its slot. */
  private touchIn(slot: Slot, key: string, e: Entry, now: number): void {
    const before = e.access;
    this.owner.touch(e, now);
    if (this.owner.accessOrder) {
      this.beforeWrite(slot);
      slot.entries.delete(key);
      slot.entries.set(key, e);
      // The recorded stamps are those of the first two entries: one that matches neither was not
      // among them, so moving it to the end changed neither (most hits skip the iterator).
      const index = slot.index;
      if (before === this.stamps[index * 2] || before === this.stamps[index * 2 + 1]) this.noteHead(slot);
    }
  }

  /** Records every slot's stamps afresh (after a policy switch, or a load that set access states). */
  noteHeads(): void {
    for (const slot of this.slots) if (slot !== undefined && slot.entries.size > 0) this.noteHead(slot);
  }

  /**
   * Records the access stamp of the slot's first entry, and under allkeys-lfu of its second;
   * the slot must not be empty. `head`: the first entry's stamp if the caller knows it (after
   * the head left, the old second's), which spares reading that entry (a likely cache miss).
   */
  noteHead(slot: Slot, head = NO_STAMP): void {
    const it = slot.entries.values();
    const first = it.next().value as Entry;
    this.stamps[slot.index * 2] = head === NO_STAMP ? first.access : head;
    if (this.owner.mode === 'lfu') {
      const second = it.next();
      this.stamps[slot.index * 2 + 1] = second.done === true ? NO_STAMP : second.value.access;
    }
  }

  /**
   * Creates or replaces `key`. `expireAt` is the new deadline (null: none). To keep an existing
   * TTL the caller passes the old entry's deadline.
   */
  put(key: string, value: string, expireAt: number | null, now: number): Entry {
    const slotIndex = keySlot(key);
    let slot = this.slots[slotIndex];
    if (slot === undefined) slot = this.slots[slotIndex] = new Slot(slotIndex);
    this.beforeWrite(slot);
    let old = slot.entries.get(key);
    if (old !== undefined && isExpired(old.expireAt, now)) {
      // What a write lookup would have done first: reclaim it as expired, then create anew.
      this.expireEntry(key, old, slot);
      old = undefined;
    }
    const size = entrySize(key, value, expireAt !== null);
    if (old === undefined) {
      const e = new Entry(value, expireAt, this.owner.initialAccess(now));
      if (slot.entries.size === 0) {
        this.slotsInUse++;
        this.stamps[slotIndex * 2] = e.access;
        this.stamps[slotIndex * 2 + 1] = NO_STAMP;
      } else if (slot.entries.size === 1) this.stamps[slotIndex * 2 + 1] = e.access;
      slot.entries.set(key, e);
      this.slotSizes.add(slotIndex, 1);
      this.keyCount++;
      if (expireAt !== null) this.expires.set(key, e);
      this.account(slot, size);
      this.owner.dirty++;
      return e;
    }
    const delta = size - entrySize(key, old.value, old.expireAt !== null);
    if (old.expireAt !== null && expireAt === null) this.expires.delete(key);
    else if (old.expireAt === null && expireAt !== null) this.expires.set(key, old);
    forgetEncodingMark(old);
    old.value = value;
    old.expireAt = expireAt;
    this.touchIn(slot, key, old, now);
    this.account(slot, delta);
    this.owner.dirty++;
    return old;
  }

  /** Sets or clears the deadline of an existing entry. */
  setExpire(key: string, entry: Entry, expireAt: number | null): void {
    const wasVolatile = entry.expireAt !== null;
    const slot = this.slots[keySlot(key)]!;
    this.beforeWrite(slot);
    entry.expireAt = expireAt;
    this.owner.dirty++;
    if (wasVolatile === (expireAt !== null)) return;
    const base = entrySize(key, entry.value, false);
    if (expireAt === null) {
      this.expires.delete(key);
      this.account(slot, base - entrySize(key, entry.value, true));
    } else {
      this.expires.set(key, entry);
      this.account(slot, entrySize(key, entry.value, true) - base);
    }
  }

  /** Deletes `key` if present (expired or not). */
  remove(key: string): boolean {
    const slot = this.slots[keySlot(key)];
    const e = slot?.entries.get(key);
    if (slot === undefined || e === undefined) return false;
    this.unlink(key, e, slot);
    this.owner.dirty++;
    return true;
  }

  /** Deletes an expired entry and counts it in expired_keys. */
  expireEntry(key: string, e: Entry, slot: Slot = this.slots[keySlot(key)]!): void {
    this.unlink(key, e, slot);
    this.owner.stats.expired++;
    this.owner.dirty++;
  }

  /**
   * Deletes an entry chosen by the evictor; counts it in evicted_keys and evicted bytes.
   * `depth`: its position in the slot's access order if known (0: the head, 1: the second).
   */
  evict(key: string, e: Entry, slot: Slot, depth = -1): void {
    const size = this.unlink(key, e, slot, depth);
    slot.evictions++;
    this.owner.stats.evicted++;
    this.owner.stats.evictedBytes += size;
  }

  /** Deletes every key; returns how many there were. */
  flush(): number {
    const n = this.keyCount;
    this.owner.usedBytes -= this.bytes;
    this.slots.fill(undefined);
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
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.keyCount, other.keyCount] = [other.keyCount, this.keyCount];
    [this.bytes, other.bytes] = [other.bytes, this.bytes];
    [this.slotsInUse, other.slotsInUse] = [other.slotsInUse, this.slotsInUse];
    [this.slotSizes, other.slotSizes] = [other.slotSizes, this.slotSizes];
    [this.stamps, other.stamps] = [other.stamps, this.stamps];
  }

  /** Deletes the entry (at `depth` in its slot's access order, if known); returns its accounted size. */
  private unlink(key: string, e: Entry, slot: Slot, depth = -1): number {
    this.beforeWrite(slot);
    slot.entries.delete(key);
    this.slotSizes.add(slot.index, -1);
    if (e.expireAt !== null) this.expires.delete(key);
    this.keyCount--;
    if (slot.entries.size === 0) {
      this.slotsInUse--;
      this.stamps[slot.index * 2] = this.stamps[slot.index * 2 + 1] = NO_STAMP;
    } else if (this.owner.accessOrder) {
      // The stamps recorded under LFU tell the new head when the head or the second left.
      const lfu = this.owner.mode === 'lfu';
      const index = slot.index;
      this.noteHead(slot, lfu && depth === 0 ? this.stamps[index * 2 + 1]! : lfu && depth === 1 ? this.stamps[index * 2]! : NO_STAMP);
    }
    const size = entrySize(key, e.value, e.expireAt !== null);
    this.account(slot, -size);
    return size;
  }

  private beforeWrite(slot: Slot): void {
    const hooks = this.owner.slotWriteHooks;
    if (hooks.size !== 0) for (const hook of hooks) hook(slot);
  }

  private account(slot: Slot, delta: number): void {
    slot.bytes += delta;
    this.bytes += delta;
    const used = (this.owner.usedBytes += delta);
    if (used > this.owner.peakBytes) this.owner.peakBytes = used;
  }
}
