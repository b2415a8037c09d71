import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startServer, type RunningServer } from '../../src/index.js';
import { markEncoding } from '../../src/keyspace/encoding.js';
import { entrySize } from '../../src/keyspace/entry.js';
import { RawConnection } from '../helpers/resp.js';

const int = (n: number) => `:${n}\r\n`;

/** Parses a SCAN reply into its cursor and keys. */
function parseScan(reply: string): [string, string[]] {
  const lines = reply.split('\r\n');
  const cursor = lines[2]!;
  const n = Number(lines[3]!.slice(1));
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(lines[5 + 2 * i]!);
  return [cursor, keys];
}

describe('key family (injected clock)', () => {
  const clock = new ManualClock();
  let server: RunningServer;
  let c: RawConnection;

  beforeAll(async () => {
    server = await startServer({ port: 0, clock });
    c = await RawConnection.open(server.port);
  });
  afterAll(async () => {
    c.close();
    await server.close();
  });
  beforeEach(async () => {
    await c.call('FLUSHALL');
    await c.call('SELECT', '0');
  });

  /** Loads keys straight into database 0 (SET per key over the socket would be slow). */
  function fill(keys: string[]): void {
    const db = server.server.keyspace.dbs[0]!;
    for (const k of keys) db.put(k, 'v', null, clock.now());
  }

  it('SCAN - every key present for the whole scan is returned, despite churn between calls', async () => {
    const stable = [...Array.from({ length: 1500 }, (_, i) => `k:${i}`), ...Array.from({ length: 1500 }, (_, i) => `{tag}:${i}`)];
    const churn = Array.from({ length: 1000 }, (_, i) => `churn:${i}`);
    fill([...stable, ...churn]);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, keys] = parseScan(await c.call('SCAN', cursor, 'COUNT', '10'));
      for (const k of keys) seen.add(k);
      // Delete some keys and add others between calls: neither is present for the whole scan.
      if (calls < churn.length) await c.call('DEL', churn[calls]!);
      await c.call('SET', `new:${calls}`, 'v');
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 10_000);
    expect(cursor).toBe('0');
    expect(stable.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('SCAN - a big slot (one hash tag) is walked in bounded steps of about COUNT keys', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `{user}:${i}`);
    fill(keys);
    const seen: string[] = [];
    let cursor = '0';
    let calls = 0;
    do {
      const [next, got] = parseScan(await c.call('SCAN', cursor, 'COUNT', '100'));
      seen.push(...got);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(new Set(seen).size).toBe(5000);
    expect(seen.length).toBe(5000);
    expect(calls).toBeGreaterThan(10);
    expect(calls).toBeLessThanOrEqual(65);
  });

  it('SCAN - a cursor beyond the cursor space ends the scan', async () => {
    await c.call('SET', 'k', 'v');
    expect(await c.call('SCAN', '18446744073709551615')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(await c.call('SCAN', '-1')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
  });

  it('RANDOMKEY - draws every key of a small database', async () => {
    for (const k of ['a', 'b', 'c', 'd', 'e']) await c.call('SET', k, 'v');
    const seen = new Set<string>();
    for (let i = 0; i < 300 && seen.size < 5; i++) seen.add(await c.call('RANDOMKEY'));
    expect(seen.size).toBe(5);
  });

  it('SWAPDB - a client already on the other database sees the swapped data', async () => {
    const other = await RawConnection.open(server.port);
    try {
      await other.call('SELECT', '1');
      await c.call('SET', 'in0', 'zero');
      await other.call('SET', 'in1', 'one');
      const used = server.server.keyspace.usedBytes;
      expect(await c.call('SWAPDB', '0', '1')).toBe('+OK\r\n');
      expect(await other.call('GET', 'in0')).toBe('$4\r\nzero\r\n');
      expect(await c.call('GET', 'in1')).toBe('$3\r\none\r\n');
      expect(await c.call('INFO', 'keyspace')).toContain('db0:keys=1,expires=0');
      expect(server.server.keyspace.usedBytes).toBe(used);
      await other.call('FLUSHDB');
    } finally {
      other.close();
    }
  });

  it('RENAME, MOVE and COPY touch the source key, as their write lookups do in Redis', async () => {
    await c.call('SET', 'k', 'v');
    await c.call('SET', 'other', 'v');
    clock.advance(5000);
    expect(await c.call('OBJECT', 'IDLETIME', 'k')).toBe(int(5));
    await c.call('RENAME', 'k', 'r');
    expect(await c.call('OBJECT', 'IDLETIME', 'r')).toBe(int(0));
    clock.advance(3000);
    await c.call('COPY', 'r', 'copied');
    expect(await c.call('OBJECT', 'IDLETIME', 'r')).toBe(int(0));
    expect(await c.call('OBJECT', 'IDLETIME', 'copied')).toBe(int(0));
    expect(await c.call('OBJECT', 'IDLETIME', 'other')).toBe(int(8));
    clock.advance(2000);
    await c.call('MOVE', 'r', '3');
    await c.call('SELECT', '3');
    expect(await c.call('OBJECT', 'IDLETIME', 'r')).toBe(int(0));
    await c.call('FLUSHDB');
  });

  it('COPY and MOVE - TTLs travel with the value', async () => {
    await c.call('SET', 'k', 'v', 'PX', '5000');
    expect(await c.call('COPY', 'k', 'c', 'DB', '2')).toBe(int(1));
    expect(await c.call('MOVE', 'k', '1')).toBe(int(1));
    await c.call('SELECT', '2');
    expect(await c.call('PTTL', 'c')).toBe(int(5000));
    await c.call('SELECT', '1');
    expect(await c.call('PTTL', 'k')).toBe(int(5000));
    clock.advance(5001);
    expect(await c.call('GET', 'k')).toBe('$-1\r\n');
  });

  it('OBJECT ENCODING - APPEND/SETRANGE-style marks: raw until rewritten, carried by RENAME and COPY', async () => {
    const db = server.server.keyspace.dbs[0]!;
    markEncoding(db.put('n', '12', null, clock.now()), 'raw');
    markEncoding(db.put('f', '3', null, clock.now()), 'embstr');
    expect(await c.call('OBJECT', 'ENCODING', 'n')).toBe('$3\r\nraw\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'f')).toBe('$6\r\nembstr\r\n');
    expect(await c.call('OBJECT', 'REFCOUNT', 'f')).toBe(int(1));
    await c.call('RENAME', 'n', 'm');
    await c.call('COPY', 'm', 'm2');
    expect(await c.call('OBJECT', 'ENCODING', 'm')).toBe('$3\r\nraw\r\n');
    expect(await c.call('OBJECT', 'ENCODING', 'm2')).toBe('$3\r\nraw\r\n');
    await c.call('SET', 'm', '12');
    expect(await c.call('OBJECT', 'ENCODING', 'm')).toBe('$3\r\nint\r\n');
  });

  it('MEMORY USAGE - the bytes the accounting charges the key', async () => {
    await c.call('SET', 'key', 'value');
    expect(await c.call('MEMORY', 'USAGE', 'key')).toBe(int(entrySize('key', 'value', false)));
    await c.call('EXPIRE', 'key', '100');
    expect(await c.call('MEMORY', 'USAGE', 'key', 'SAMPLES', '0')).toBe(int(entrySize('key', 'value', true)));
  });
});
