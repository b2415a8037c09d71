import { crc32 } from 'node:zlib';
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
  let db: (typeof keyspace.dbs)[number] | null = null;
  let lastDb = -1;
  let footer: { entries: number; crc32: number; line: number; byte: number } | null = null;
  let keys = 0;
  let expired = 0;
  let entryLines = 0;
  let crc = 0;
  let lineNo = 0;
  /** Byte offset of the start of `pending` in the input. */
  let base = 0;
  let pending: Buffer = Buffer.alloc(0);
  const sameAccess = () => header!.access === keyspace.mode;

  const fail = (reason: string, line: number, byte: number): never => {
    throw new SnapshotError(reason, line, byte);
  };

  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      pending = buf;
      continue;
    }
    const lines = buf.toString('utf8', 0, lastNl).split('\n');
    /** Byte offset of line i of this chunk; computed only when an error or the footer needs it. */
    const byteAt = (i: number) => base + (i === 0 ? 0 : Buffer.byteLength(lines.slice(0, i).join('\n'), 'utf8') + 1);
    let crcEnd = lastNl + 1;
    for (let i = 0; i < lines.length; i++) {
      lineNo++;
      if (footer !== null) fail('data after the end-of-snapshot line', lineNo, byteAt(i));
      let obj: unknown;
      try {
        obj = JSON.parse(lines[i]!);
      } catch (err) {
        fail(`invalid JSON: ${(err as Error).message}`, lineNo, byteAt(i));
      }
      try {
        if (header === null) {
          header = readHeader(obj);
          continue;
        }
        const line = readBodyLine(obj);
        if (line.kind === 'entry') {
          if (db === null) throw new Error('entry before any {"db":N} line');
          entryLines++;
          const e = line.entry;
          if (e.expireAt !== null && now > e.expireAt) {
            expired++;
            continue;
          }
          const stored = db.put(e.key, e.value, e.expireAt, now);
          if (e.access >= 0 && sameAccess()) stored.access = e.access;
          keys++;
        } else if (line.kind === 'db') {
          if (line.index >= keyspace.dbs.length) throw new Error(`database ${line.index} is out of range (this server has ${keyspace.dbs.length})`);
          if (line.index <= lastDb) throw new Error(`database ${line.index} out of order`);
          lastDb = line.index;
          db = keyspace.dbs[line.index]!;
        } else {
          const byte = byteAt(i);
          footer = { entries: line.entries, crc32: line.crc32, line: lineNo, byte };
          crcEnd = byte - base;
        }
      } catch (err) {
        if (err instanceof SnapshotError) throw err;
        fail((err as Error).message, lineNo, byteAt(i));
      }
    }
    crc = crc32(buf.subarray(0, crcEnd), crc);
    pending = buf.subarray(lastNl + 1);
    base += lastNl + 1;
    options.onProgress?.(base, keys);
  }
  if (pending.length > 0) fail('truncated: the last line has no newline', lineNo + 1, base);
  if (header === null) fail('empty file', 1, 0);
  if (footer === null) fail('truncated: no end-of-snapshot line', lineNo + 1, base);
  const f = footer!;
  if (f.entries !== entryLines) fail(`footer counts ${f.entries} entries, the file holds ${entryLines}`, f.line, f.byte);
  if (f.crc32 !== crc) fail(`checksum mismatch (footer ${f.crc32}, data ${crc})`, f.line, f.byte);
  keyspace.dirty = 0;
  return { keys, expired, header: header! };
}
