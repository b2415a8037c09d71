import type { Clock } from '../clock.js';
import { Database, KeyspaceStats, type KeyspaceOwner, type SlotMap } from './database.js';
import { LRU_MASK, type Entry } from './entry.js';
import { lfuDecrAndReturn, lfuInitial, lfuTouch } from '../eviction/lfu.js';

export type AccessMode = 'lru' | 'lfu';

/** All databases of a server, their shared byte total, counters and access-tracking mode. */
export class Keyspace implements KeyspaceOwner {
  readonly dbs: Database[];
  readonly stats = new KeyspaceStats();
  usedBytes = 0;
  peakBytes = 0;
  dirty = 0;
  /** LRU keeps a last-access time per entry; LFU a counter (set from maxmemory-policy). */
  mode: AccessMode = 'lru';
  /** Snapshots under way register here to copy a slot before it changes (persistence/snapshot.ts). */
  readonly slotWriteHooks = new Set<(entries: SlotMap) => void>();
  /** Keep each slot's Map in access order (allkeys-lru), so a slot's first entry is its LRU. */
  accessOrder = false;
  lfuLogFactor = 10;
  /** Minutes per LFU counter decrement; 0 = never decay. */
  lfuDecayTime = 1;
  /** The random source of LFU increments and eviction sampling; tests inject a seeded one. */
  random: () => number = Math.random;

  constructor(
    databases: number,
    readonly clock: Clock,
  ) {
    this.dbs = Array.from({ length: databases }, (_, i) => new Database(i, this));
    this.stats.onReset(() => {
      this.peakBytes = this.usedBytes;
      for (const db of this.dbs) db.resetSlotStats();
    });
  }

  touch(entry: Entry, now: number): void {
    if (this.mode === 'lru') entry.access = now & LRU_MASK;
    else entry.access = lfuTouch(entry.access, now, this.lfuLogFactor, this.lfuDecayTime, this.random);
  }

  initialAccess(now: number): number {
    return this.mode === 'lru' ? now & LRU_MASK : lfuInitial(now);
  }

  /** Milliseconds since the entry was last accessed (meaningful in LRU mode; OBJECT IDLETIME). */
  idleMs(entry: Entry, now: number): number {
    return ((now & LRU_MASK) - entry.access) & LRU_MASK;
  }

  /** The entry's LFU counter after decay (meaningful in LFU mode; OBJECT FREQ). */
  lfuFrequency(entry: Entry, now: number): number {
    return lfuDecrAndReturn(entry.access, now, this.lfuDecayTime);
  }

  keyCount(): number {
    let n = 0;
    for (const db of this.dbs) n += db.keyCount;
    return n;
  }

  flushAll(): void {
    for (const db of this.dbs) db.flush();
  }
}
