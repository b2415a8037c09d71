import type { Entry } from './entry.js';

/**
 * The keys of a database that have a TTL, in a dense array with each key's position in a Map.
 *
 * volatile-* eviction samples these keys at random, as Redis samples its expires dict. A JS Map
 * cannot be indexed at random, and walking one in insertion order compares keys that got their
 * TTLs at about the same time: measured in bench/eviction.ts, that ranked far worse than random
 * samples under volatile-lfu and volatile-ttl. A delete moves the last key into the freed
 * position, so positions stay dense and every operation is O(1).
 */
export class VolatileIndex {
  private readonly positions = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly entries: Entry[] = [];

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** Adds the key, or points it at a new entry. */
  set(key: string, entry: Entry): void {
    const at = this.positions.get(key);
    if (at !== undefined) {
      this.entries[at] = entry;
      return;
    }
    this.positions.set(key, this.keys.length);
    this.keys.push(key);
    this.entries.push(entry);
  }

  delete(key: string): boolean {
    const at = this.positions.get(key);
    if (at === undefined) return false;
    this.positions.delete(key);
    const lastKey = this.keys.pop()!;
    const lastEntry = this.entries.pop()!;
    if (at < this.keys.length) {
      this.keys[at] = lastKey;
      this.entries[at] = lastEntry;
      this.positions.set(lastKey, at);
    }
    return true;
  }

  /** The key at `position` (0 <= position < size); positions change when keys are deleted. */
  keyAt(position: number): string {
    return this.keys[position]!;
  }

  entryAt(position: number): Entry {
    return this.entries[position]!;
  }

  entryValues(): IterableIterator<Entry> {
    return this.entries.values();
  }

  clear(): void {
    this.positions.clear();
    this.keys.length = 0;
    this.entries.length = 0;
  }
}
