import { crc32 } from 'node:zlib';
import type { Database } from '../keyspace/database.js';
import { isExpired } from '../keyspace/entry.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { readBodyLine, readHeader, type SnapshotHeader } from './format.js';

/** A snapshot that cannot be read: says where it broke (1-based line, byte offset of its start). */
export class SnapshotError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly byte: number,
  ) {
    super(`line ${line} (byte ${byte}): ${reason}`);
    this.name = 'SnapshotError';
  }
}

export interface LoadOptions {
  /** Deadlines are compared with this; keys already expired are dropped. */
  now: number;
  /** Called after each chunk with the bytes read so far and the keys loaded. */
  onProgress?: (bytesRead: number, keys: number) => void;
}

export interface LoadResult {
  keys: number;
  expired: number;
  header: SnapshotHeader;
}

const NL = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const ENTRY_START = Buffer.from('{"t":"string","k":"', 'latin1');
const KEY_TO_VALUE = Buffer.from('","v":"', 'latin1');
const EXPIRE_FIELD = Buffer.from(',"x":', 'latin1');
const ACCESS_FIELD = Buffer.from(',"a":', 'latin1');

function hasAt(buf: Buffer, pos: number, lit: Buffer): boolean {
  if (pos + lit.length > buf.length) return false;
  for (let i = 0; i < lit.length; i++) if (buf[pos + i] !== lit[i]) return false;
  return true;
}

/** The fast path's result, in module state so that a line allocates nothing but its strings. */
let fastKey = '';
let fastValue = '';
let fastExpire: number | null = null;
let fastAccess = -1;
let numEnd = 0;

/** Digits at `pos` (at most 15, so exact), or -1; sets numEnd. */
function digitsAt(buf: Buffer, pos: number): number {
  let n = 0;
  let p = pos;
  for (; p < buf.length && p - pos <= 15; p++) {
    const c = buf[p]!;
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  if (p === pos || p - pos > 15) return -1;
  numEnd = p;
  return n;
}

/**
 * Reads the common entry shape `{"t":"string","k":"…","v":"…"[,"x":N][,"a":N]}` with no escape
 * in the line straight from the bytes: inside such a string the file's bytes are the key's
 * bytes, so a latin1 decode of the slice is the key. Anything else returns false and goes
 * through JSON.parse, which also produces the error messages.
 */
function fastEntry(buf: Buffer, start: number, end: number): boolean {
  if (!hasAt(buf, start, ENTRY_START)) return false;
  const keyStart = start + ENTRY_START.length;
  const keyEnd = buf.indexOf(QUOTE, keyStart);
  if (keyEnd < 0 || keyEnd >= end || !hasAt(buf, keyEnd, KEY_TO_VALUE)) return false;
  const valueStart = keyEnd + KEY_TO_VALUE.length;
  const valueEnd = buf.indexOf(QUOTE, valueStart);
  if (valueEnd < 0 || valueEnd >= end) return false;
  let p = valueEnd + 1;
  let expire: number | null = null;
  if (hasAt(buf, p, EXPIRE_FIELD)) {
    expire = digitsAt(buf, p + EXPIRE_FIELD.length);
    if (expire < 0) return false;
    p = numEnd;
  }
  let access = -1;
  if (hasAt(buf, p, ACCESS_FIELD)) {
    access = digitsAt(buf, p + ACCESS_FIELD.length);
    if (access < 0) return false;
    p = numEnd;
  }
  if (p !== end - 1 || buf[p] !== 125) return false;
  fastKey = buf.toString('latin1', keyStart, keyEnd);
  fastValue = buf.toString('latin1', valueStart, valueEnd);
  fastExpire = expire;
  fastAccess = access;
  return true;
}

/**
 * Reads a snapshot (format.ts) from a stream of bytes into `keyspace`, one line at a time:
 * memory stays at one chunk of input plus the keys themselves. Throws a SnapshotError on the
 * first malformed line, on a missing footer (truncation), or on a count or checksum mismatch;
 * the keyspace then holds a partial load and should be discarded. Meant for an empty keyspace:
 * keys already present are replaced. Leaves rdb_changes_since_last_save at 0.
 */
export async function readSnapshot(keyspace: Keyspace, input: AsyncIterable<Buffer | string>, options: LoadOptions): Promise<LoadResult> {
  const { now } = options;
  let header: SnapshotHeader | null = null;
  let keepAccess = false;
  let db: Database | null = null;
  let lastDb = -1;
  let footer: { entries: number; crc32: number; line: number; byte: number } | null = null;
  let keys = 0;
  let expired = 0;
  let entryLines = 0;
  let crc = 0;
  let lineNo = 0;
  /** Byte offset in the input of the start of `pending`. */
  let base = 0;
  let pending: Buffer = Buffer.alloc(0);

  const fail = (reason: string, line: number, byte: number): never => {
    throw new SnapshotError(reason, line, byte);
  };
  const store = (key: string, value: string, expireAt: number | null, access: number) => {
    entryLines++;
    if (isExpired(expireAt, now)) {
      expired++;
      return;
    }
    const e = db!.put(key, value, expireAt, now);
    if (access >= 0 && keepAccess) e.access = access;
    keys++;
  };

  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let pos = 0;
    let crcEnd = -1;
    /** Next backslash at or after pos (-1: none in the chunk); lines without one may take the fast path. */
    let backslash = buf.indexOf(BACKSLASH);
    for (let nl = buf.indexOf(NL); nl >= 0; pos = nl + 1, nl = buf.indexOf(NL, pos)) {
      lineNo++;
      const lineByte = base + pos;
      if (footer !== null) fail('data after the end-of-snapshot line', lineNo, lineByte);
      if (backslash >= 0 && backslash < pos) backslash = buf.indexOf(BACKSLASH, pos);
      if (db !== null && (backslash < 0 || backslash > nl) && fastEntry(buf, pos, nl)) {
        store(fastKey, fastValue, fastExpire, fastAccess);
        continue;
      }
      let obj: unknown;
      try {
        obj = JSON.parse(buf.toString('utf8', pos, nl));
      } catch (err) {
        fail(`invalid JSON: ${(err as Error).message}`, lineNo, lineByte);
      }
      try {
        if (header === null) {
          header = readHeader(obj);
          keepAccess = header.access === keyspace.mode;
          continue;
        }
        const line = readBodyLine(obj);
        if (line.kind === 'entry') {
          if (db === null) throw new Error('entry before any {"db":N} line');
          store(line.entry.key, line.entry.value, line.entry.expireAt, line.entry.access);
        } else if (line.kind === 'db') {
          if (line.index >= keyspace.dbs.length) throw new Error(`database ${line.index} is out of range (this server has ${keyspace.dbs.length})`);
          if (line.index <= lastDb) throw new Error(`database ${line.index} out of order`);
          lastDb = line.index;
          db = keyspace.dbs[line.index]!;
        } else {
          footer = { entries: line.entries, crc32: line.crc32, line: lineNo, byte: lineByte };
          crcEnd = pos;
        }
      } catch (err) {
        fail((err as Error).message, lineNo, lineByte);
      }
    }
    crc = crc32(buf.subarray(0, crcEnd >= 0 ? crcEnd : pos), crc);
    pending = buf.subarray(pos);
    base += pos;
    options.onProgress?.(base, keys);
  }
  if (pending.length > 0) fail('truncated: the last line has no newline', lineNo + 1, base);
  if (header === null) fail('empty file', 1, 0);
  if (footer === null) fail('truncated: no end-of-snapshot line', lineNo + 1, base);
  const f = footer!;
  if (f.entries !== entryLines) fail(`footer counts ${f.entries} entries, the file holds ${entryLines}`, f.line, f.byte);
  if (f.crc32 !== crc) fail(`checksum mismatch (footer ${f.crc32}, data ${crc})`, f.line, f.byte);
  keyspace.dirty = 0;
  // Entries got their saved access states after insertion: the evictor's recorded stamps follow.
  if (keyspace.accessOrder) for (const d of keyspace.dbs) d.noteHeads();
  return { keys, expired, header: header! };
}
