import type { Entry } from './entry.js';

/**
 * What OBJECT ENCODING needs to know about a string beyond its value. A value written by SET and
 * friends goes through Redis's tryObjectEncoding: `int` when it is a canonical int64 of at most
 * 20 chars, `embstr` up to 44 bytes, else `raw` -- a function of the value, so nothing is stored.
 * Two kinds of writes break that rule, and only they leave a mark (a WeakMap keyed by the
 * entry, so only marked entries pay for it):
 *
 * - `'raw'`: APPEND to an existing key and SETRANGE grow an sds in place, which Redis keeps raw
 *   whatever its length or content;
 * - `'embstr'`: INCRBYFLOAT stores a fresh string object without the int check: `embstr` when
 *   it fits in 44 bytes, else `raw`.
 *
 * A command that writes such a value calls markEncoding on the entry Database.put returned.
 * Database.put forgets the mark of an entry whose value it replaces; commands that carry a value
 * to a new entry (RENAME, MOVE, COPY) carry the mark with copyEncodingMark.
 */
export type EncodingMark = 'raw' | 'embstr';

const marks = new WeakMap<Entry, EncodingMark>();
/** No mark was ever set: Database.put can skip the WeakMap lookup. */
let unmarked = true;

export function markEncoding(entry: Entry, mark: EncodingMark): void {
  unmarked = false;
  marks.set(entry, mark);
}

export function forgetEncodingMark(entry: Entry): void {
  if (!unmarked) marks.delete(entry);
}

export function copyEncodingMark(from: Entry, to: Entry): void {
  if (unmarked) return;
  const mark = marks.get(from);
  if (mark !== undefined) marks.set(to, mark);
  else marks.delete(to);
}

export function encodingMark(entry: Entry): EncodingMark | undefined {
  return unmarked ? undefined : marks.get(entry);
}
