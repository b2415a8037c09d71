import type { Entry } from './entry.js';

/**
 * What OBJECT ENCODING needs to know about strings. A value written by SET and friends goes
 * through tryObjectEncoding: `int` when it is a canonical int64 of at most 20 chars, `embstr`
 * when it is at most 44 bytes, else `raw`. That is a function of the value, so it costs nothing
 * to store. Two kinds of writes break the rule, and only those leave a mark (a WeakMap keyed by
 * the entry, so marks cost memory only for the entries that carry one):
 *
 * - `'raw'`: APPEND to an existing key and SETRANGE modify an sds in place, which Redis keeps
 *   raw whatever its length or content;
 * - `'embstr'`: INCRBYFLOAT stores a fresh string object without the int check: `embstr` when
 *   it fits in 44 bytes, else `raw`.
 *
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
