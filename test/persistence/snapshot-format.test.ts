import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { keySlot } from '../../src/keyspace/slot-hash.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { deserializeKeyspace, serializeKeyspace } from '../../src/persistence/stream.js';
import { SnapshotError } from '../../src/persistence/reader.js';
import { KeyspaceSnapshot } from '../../src/persistence/snapshot.js';

const T0 = Date.UTC(2026, 0, 1);

/** Every key of every database as [db, key, value, expireAt, access], sorted, for comparison. */
function dump(ks: Keyspace, withAccess = true): Array<[number, string, string, number | null, number?]> {
  const out: Array<[number, string, string, number | null, number?]> = [];
  for (const db of ks.dbs) {
    for (const slot of db.slots) {
      if (!slot) continue;
      for (const [k, e] of slot) out.push(withAccess ? [db.index, k, e.value, e.expireAt, e.access] : [db.index, k, e.value, e.expireAt]);
    }
  }
  return out.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

async function serialize(ks: Keyspace, now = T0): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  await serializeKeyspace(ks, out, now);
  out.end();
  return Buffer.concat(parts);
}

/** Feeds bytes in small pieces, so lines straddle chunk boundaries. */
function pieces(buf: Buffer, size = 7): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
  return Readable.from(chunks);
}

async function load(bytes: Buffer, now = T0, databases = 16): Promise<Keyspace> {
  const ks = new Keyspace(databases, new ManualClock(now));
  await deserializeKeyspace(ks, pieces(bytes), now);
  return ks;
}

async function loadError(bytes: Buffer): Promise<SnapshotError> {
  const err = await load(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SnapshotError);
  return err as SnapshotError;
}

const latin1 = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1'));
const text = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => Buffer.from(s, 'utf8').toString('latin1'));
const bytes = fc.oneof(latin1, text, fc.constantFrom('', '"', '\\', '\n', '\u0000', 'é', '\u00ff\u00fe'));

describe('snapshot format', () => {
  it('round trip - random binary keys, values, TTLs and databases load back identical', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), bytes, bytes, fc.option(fc.integer({ min: 1, max: 1e12 })), fc.nat(0x7fffffff)), {
          maxLength: 60,
        }),
        async (rows) => {
          const ks = new Keyspace(4, new ManualClock(T0));
          for (const [db, k, v, ttl, access] of rows) {
            ks.dbs[db]!.put(k, v, ttl === null ? null : T0 + ttl, T0).access = access;
          }
          const back = await load(await serialize(ks), T0, 4);
          expect(dump(back)).toEqual(dump(ks));
          expect(back.usedBytes).toBe(ks.usedBytes);
          expect(back.dirty).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('round trip - deadlines up to the 2^63 ms limit keep their value', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    ks.dbs[0]!.put('far', 'v', 9223372036854775807, T0);
    const back = await load(await serialize(ks));
    expect(back.dbs[0]!.peek('far')!.expireAt).toBe(9223372036854775807);
  });

  it('valid UTF-8 is written as text, other bytes as base64', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    ks.dbs[0]!.put(Buffer.from('café', 'utf8').toString('latin1'), 'say "hi"\n', null, T0);
    ks.dbs[2]!.put('\xff\x00', '\x80', T0 + 5000, T0);
    const file = (await serialize(ks)).toString('utf8');
    const lines = file.split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ format: 'dwc-resp-snapshot', version: 1, createdAt: T0, access: 'lru' });
    expect(lines[1]).toBe('{"db":0}');
    expect(JSON.parse(lines[2]!)).toMatchObject({ t: 'string', k: 'café', v: 'say "hi"\n' });
    expect(lines[3]).toBe('{"db":2}');
    expect(JSON.parse(lines[4]!)).toMatchObject({ t: 'string', k64: '/wA=', v64: 'gA==', x: T0 + 5000 });
    expect(JSON.parse(lines[5]!)).toMatchObject({ end: true, entries: 2 });
    expect(lines[6]).toBe('');
  });

  it('expired keys are dropped on load, and never written', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    ks.dbs[0]!.put('stale', 'v', T0 - 1, T0);
    ks.dbs[0]!.put('soon', 'v', T0 + 1000, T0);
    ks.dbs[0]!.put('forever', 'v', null, T0);
    const bytesOut = await serialize(ks);
    expect(bytesOut.toString()).not.toContain('stale');
    const later = await load(bytesOut, T0 + 2000);
    expect(dump(later, false)).toEqual([[0, 'forever', 'v', null]]);
  });

  it('LFU access state is kept only by a reader in the same mode', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    ks.mode = 'lfu';
    ks.dbs[0]!.put('k', 'v', null, T0).access = 0x1234ff;
    const file = await serialize(ks);
    const lfu = new Keyspace(16, new ManualClock(T0));
    lfu.mode = 'lfu';
    lfu.accessOrder = true;
    await deserializeKeyspace(lfu, pieces(file), T0);
    expect(lfu.dbs[0]!.peek('k')!.access).toBe(0x1234ff);
    // Under allkeys-lfu the evictor's recorded stamp of the slot's head follows the loaded state.
    expect(lfu.dbs[0]!.stamps[keySlot('k') * 2]).toBe(0x1234ff);
    const lru = await load(file);
    expect(lru.dbs[0]!.peek('k')!.access).toBe(lru.initialAccess(T0));
  });

  it('BGSAVE view - changes made while chunks are written do not leak into the snapshot', async () => {
    const clock = new ManualClock(T0);
    const ks = new Keyspace(16, clock);
    const db = ks.dbs[0]!;
    for (let i = 0; i < 2000; i++) db.put(`k${i}`, `v${i}`, i % 3 === 0 ? T0 + 1e6 : null, T0);
    ks.dbs[1]!.put('other', 'x', null, T0);
    const before = dump(ks, false);
    const parts: Buffer[] = [];
    let i = 0;
    for (const chunk of new KeyspaceSnapshot(ks, T0).chunks(256)) {
      parts.push(chunk);
      // Interleave every kind of write with the encoding.
      db.put(`k${i}`, 'changed', null, T0);
      db.put(`new${i}`, 'n', null, T0);
      db.remove(`k${1999 - i}`);
      const e = db.peek(`k${(i * 7) % 2000}`);
      if (e) db.setExpire(`k${(i * 7) % 2000}`, e, T0 + 1);
      if (i === 3) ks.dbs[1]!.flush();
      if (i === 30) db.swapContents(ks.dbs[5]!);
      i++;
    }
    expect(i).toBeGreaterThan(50);
    expect(ks.slotWriteHooks.size).toBe(0);
    const back = await load(Buffer.concat(parts));
    expect(dump(back, false)).toEqual(before);
  });

  it('truncated file - refused at every cut, naming the line and byte', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    for (let i = 0; i < 20; i++) ks.dbs[i % 3]!.put(`key${i}`, `value${i}`, null, T0);
    const file = await serialize(ks);
    for (let cut = 0; cut < file.length; cut += 11) {
      const err = await loadError(file.subarray(0, cut));
      expect(err.message).toMatch(/^line \d+ \(byte \d+\): /);
      expect(err.byte).toBeLessThanOrEqual(cut);
    }
    const noFooter = file.subarray(0, file.lastIndexOf('{"end"'));
    const err = await loadError(noFooter);
    expect(err.reason).toBe('truncated: no end-of-snapshot line');
    expect(err.byte).toBe(noFooter.length);
  });

  it('corrupted file - a changed byte is refused, and where JSON breaks the line is named', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    ks.dbs[0]!.put('alpha', 'one', null, T0);
    ks.dbs[0]!.put('beta', 'two', null, T0);
    const file = await serialize(ks);
    const flipped = Buffer.from(file);
    flipped[file.indexOf('one') + 1] = 'X'.charCodeAt(0);
    expect((await loadError(flipped)).reason).toMatch(/^checksum mismatch/);

    const lines = file.toString().split('\n');
    lines[2] = lines[2]!.slice(0, -1);
    const broken = Buffer.from(lines.join('\n'));
    const err = await loadError(broken);
    expect(err.line).toBe(3);
    expect(err.byte).toBe(lines[0]!.length + 1 + lines[1]!.length + 1);
    expect(err.reason).toMatch(/^invalid JSON/);
  });

  it('unknown version and foreign files are refused', async () => {
    const v2 = Buffer.from('{"format":"dwc-resp-snapshot","version":2,"createdAt":0,"access":"lru"}\n{"end":true,"entries":0,"crc32":0}\n');
    expect((await loadError(v2)).message).toBe('line 1 (byte 0): unknown snapshot version 2 (this build reads version 1)');
    expect((await loadError(Buffer.from('REDIS0011\xfa\n', 'latin1'))).line).toBe(1);
    expect((await loadError(Buffer.alloc(0))).reason).toBe('empty file');
  });

  it('a database beyond the configured count is refused', async () => {
    const ks = new Keyspace(16, new ManualClock(T0));
    ks.dbs[9]!.put('k', 'v', null, T0);
    const file = await serialize(ks);
    const small = new Keyspace(4, new ManualClock(T0));
    const err = await deserializeKeyspace(small, pieces(file), T0).catch((e: SnapshotError) => e);
    expect((err as SnapshotError).message).toBe(`line 2 (byte ${file.indexOf('\n') + 1}): database 9 is out of range (this server has 4)`);
  });
});
