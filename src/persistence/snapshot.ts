import { crc32 } from 'node:zlib';
import type { SlotMap } from '../keyspace/database.js';
import { isExpired } from '../keyspace/entry.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { dbLine, entryLine, footerLine, headerLine } from './format.js';

/**
 * A point-in-time view of a keyspace, encoded lazily in chunks while the server keeps serving.
 *
 * How the view stays frozen (copy-on-write per slot): at capture we copy each non-empty
 * database's slot array (16,384 references) and remember every non-empty slot as "pending".
 * Values are immutable, so an entry only changes through Database.put/setExpire/unlink, and
 * those call the keyspace's slot-write hooks first. When a pending slot is about to change we
 * copy its entries (key, value, deadline, access) into a flat array and write from the copy;
 * slots nobody touches are read live when their turn comes, in one synchronous step, and
 * never copied. Slots created after capture are not in the copied arrays, so new keys never
 * leak in; FLUSHDB/FLUSHALL drop slot arrays without changing the slot Maps we hold.
 *
 * Memory cost: one reference per slot per database (~128 KB each) plus a set of pending slots,
 * plus a flat copy (4 references, ~32 B per key) of each slot written to before it is
 * encoded; at worst (every slot changed early) a shallow copy of the keyspace, never the
 * values themselves. The encoded output exists one chunk (~256 KB) at a time.
 *
 * Not frozen: LRU/LFU access state (a read touches an entry in place) is written as it is when
 * the slot is encoded. A slot is encoded in one step, so a huge slot (every key sharing one
 * {hash tag}) is one long step.
 */
export class KeyspaceSnapshot {
  readonly createdAt: number;
  private readonly dbs: Array<{ index: number; slots: Array<SlotMap | undefined> }> = [];
  private readonly pending = new Set<SlotMap>();
  private readonly copies = new Map<SlotMap, unknown[]>();
  private readonly hook = (slot: SlotMap) => this.preserve(slot);
  private released = false;

  constructor(
    private readonly keyspace: Keyspace,
    now: number,
  ) {
    this.createdAt = now;
    for (const db of keyspace.dbs) {
      if (db.keyCount === 0) continue;
      const slots = db.slots.slice();
      for (const s of slots) if (s !== undefined && s.size > 0) this.pending.add(s);
      this.dbs.push({ index: db.index, slots });
    }
    keyspace.slotWriteHooks.add(this.hook);
  }

  private preserve(slot: SlotMap): void {
    if (!this.pending.delete(slot)) return;
    const flat: unknown[] = [];
    for (const [key, e] of slot) flat.push(key, e.value, e.expireAt, e.access);
    this.copies.set(slot, flat);
  }

  /** Stops copy-on-write; call when done or abandoned (chunks() does it when it finishes). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.keyspace.slotWriteHooks.delete(this.hook);
    this.pending.clear();
    this.copies.clear();
  }

  /**
   * The snapshot as chunks of bytes of about `chunkBytes`, header to footer. Keys already expired
   * at capture time are left out. Between two chunks the caller may yield to the event loop.
   */
  *chunks(chunkBytes = 1 << 18): Generator<Buffer, number, void> {
    let crc = 0;
    let entries = 0;
    let text = headerLine(this.createdAt, this.keyspace.mode);
    const now = this.createdAt;
    const emit = (): Buffer => {
      const buf = Buffer.from(text, 'latin1');
      crc = crc32(buf, crc);
      text = '';
      return buf;
    };
    try {
      for (const db of this.dbs) {
        text += dbLine(db.index);
        for (const slot of db.slots) {
          if (slot === undefined) continue;
          const flat = this.copies.get(slot);
          if (flat !== undefined) {
            this.copies.delete(slot);
            for (let i = 0; i < flat.length; i += 4) {
              const expireAt = flat[i + 2] as number | null;
              if (isExpired(expireAt, now)) continue;
              text += entryLine(flat[i] as string, flat[i + 1] as string, expireAt, flat[i + 3] as number);
              entries++;
            }
          } else if (this.pending.delete(slot)) {
            // forEach, not for-of: no [key, entry] pair is allocated per key.
            slot.forEach((e, key) => {
              if (isExpired(e.expireAt, now)) return;
              text += entryLine(key, e.value, e.expireAt, e.access);
              entries++;
            });
          }
          if (text.length >= chunkBytes) yield emit();
        }
      }
      if (text.length > 0) yield emit();
      yield Buffer.from(footerLine(entries, crc), 'latin1');
      return entries;
    } finally {
      this.release();
    }
  }
}
