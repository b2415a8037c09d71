import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startServer, type RunningServer } from '../../src/index.js';
import type { Database } from '../../src/keyspace/database.js';
import { entrySize } from '../../src/keyspace/entry.js';
import { RawConnection } from '../helpers/resp.js';

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const int = (n: number | string) => `:${n}\r\n`;
const NIL = '$-1\r\n';
const OK = '+OK\r\n';
const err = (msg: string) => `-${msg}\r\n`;

describe('string commands', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  let srv: RunningServer;
  let c: RawConnection;
  let db: Database;

  const call = (...args: string[]) => c.call(...args);
  /** The key's deadline as stored (the expire family is not needed to see it). */
  const deadline = (key: string) => db.peek(key)?.expireAt;
  const info = async (field: string) => {
    const text = await call('INFO', 'stats');
    return Number(new RegExp(`${field}:(\\d+)`).exec(text)![1]);
  };

  beforeAll(async () => {
    srv = await startServer({ port: 0, clock, config: { 'proto-max-bulk-len': '1mb' } });
    db = srv.server.keyspace.dbs[0]!;
  });
  afterAll(() => srv.close());
  beforeEach(async () => {
    c = await RawConnection.open(srv.port);
    await call('FLUSHALL');
  });
  afterEach(() => {
    // Every write went through the accounting funnel: the totals equal the entries' sizes.
    let bytes = 0;
    for (const slot of db.slots) if (slot) for (const [k, e] of slot) bytes += entrySize(k, e.value, e.expireAt !== null);
    expect(db.bytes).toBe(bytes);
    c.close();
  });

  it('SETNX - sets only a missing key, answering 1 or 0', async () => {
    expect(await call('SETNX', 'k', 'a')).toBe(int(1));
    expect(await call('SETNX', 'k', 'b')).toBe(int(0));
    expect(await call('GET', 'k')).toBe(bulk('a'));
  });

  it('SETNX - an expired key counts as missing', async () => {
    await call('SET', 'k', 'a', 'PX', '100');
    clock.advance(101);
    expect(await call('SETNX', 'k', 'b')).toBe(int(1));
    expect(deadline('k')).toBeNull();
  });

  it('SETEX - sets value and TTL in seconds', async () => {
    expect(await call('SETEX', 'k', '10', 'v')).toBe(OK);
    expect(deadline('k')).toBe(clock.now() + 10_000);
    clock.advance(10_000);
    expect(await call('GET', 'k')).toBe(bulk('v'));
    clock.advance(1);
    expect(await call('GET', 'k')).toBe(NIL);
  });

  it('SETEX - wrong time parameter', async () => {
    expect(await call('SETEX', 'k', '0', 'v')).toBe(err("ERR invalid expire time in 'setex' command"));
    expect(await call('SETEX', 'k', '-10', 'v')).toBe(err("ERR invalid expire time in 'setex' command"));
    expect(await call('SETEX', 'k', '9223372036854776', 'v')).toBe(err("ERR invalid expire time in 'setex' command"));
    expect(await call('SETEX', 'k', 'ten', 'v')).toBe(err('ERR value is not an integer or out of range'));
    expect(await call('EXISTS', 'k')).toBe(int(0));
  });

  it('PSETEX - TTL in milliseconds', async () => {
    expect(await call('PSETEX', 'k', '1500', 'v')).toBe(OK);
    expect(deadline('k')).toBe(clock.now() + 1500);
    expect(await call('PSETEX', 'k', '0', 'v')).toBe(err("ERR invalid expire time in 'psetex' command"));
  });

  it('SET - drops the TTL unless KEEPTTL', async () => {
    await call('SET', 'k', 'a', 'EX', '100');
    const t = deadline('k');
    expect(await call('SET', 'k', 'b', 'KEEPTTL')).toBe(OK);
    expect(deadline('k')).toBe(t);
    expect(await call('SET', 'k', 'c')).toBe(OK);
    expect(deadline('k')).toBeNull();
  });

  it('SET - EXAT and PXAT are absolute; a past one leaves a key that is already gone', async () => {
    const sec = Math.floor(clock.now() / 1000) + 50;
    await call('SET', 'k', 'v', 'EXAT', String(sec));
    expect(deadline('k')).toBe(sec * 1000);
    await call('SET', 'k', 'v', 'PXAT', String(clock.now() + 7));
    expect(deadline('k')).toBe(clock.now() + 7);
    const expired = await info('expired_keys');
    expect(await call('SET', 'k', 'v', 'PXAT', '1')).toBe(OK);
    expect(await call('GET', 'k')).toBe(NIL);
    expect(await info('expired_keys')).toBe(expired + 1);
  });

  it('SET - NX and XX conflict', async () => {
    expect(await call('SET', 'k', 'v', 'NX', 'XX')).toBe(err('ERR syntax error'));
    expect(await call('SET', 'k', 'v', 'KEEPTTL', 'PX', '5')).toBe(err('ERR syntax error'));
  });

  it('SET - options are matched up to a NUL byte, as C strings', async () => {
    expect(await call('SET', 'k', 'v', 'NX\0junk')).toBe(OK);
    expect(await call('SET', 'k', 'w', 'nx\0')).toBe(NIL);
  });

  it('GETSET - returns the old value and drops the TTL', async () => {
    await call('SET', 'k', 'a', 'EX', '100');
    expect(await call('GETSET', 'k', 'b')).toBe(bulk('a'));
    expect(deadline('k')).toBeNull();
    expect(await call('GETSET', 'new', 'x')).toBe(NIL);
    expect(await call('GET', 'new')).toBe(bulk('x'));
  });

  it('GETDEL - returns the value and deletes the key', async () => {
    await call('SET', 'k', 'a');
    expect(await call('GETDEL', 'k')).toBe(bulk('a'));
    expect(await call('GETDEL', 'k')).toBe(NIL);
    expect(db.keyCount).toBe(0);
  });

  it('GETEX - EX, PX, EXAT and PXAT set the TTL; PERSIST clears it', async () => {
    await call('SET', 'k', 'v');
    expect(await call('GETEX', 'k', 'EX', '10')).toBe(bulk('v'));
    expect(deadline('k')).toBe(clock.now() + 10_000);
    await call('GETEX', 'k', 'px', '2500');
    expect(deadline('k')).toBe(clock.now() + 2500);
    await call('GETEX', 'k', 'EXAT', '4102444800');
    expect(deadline('k')).toBe(4102444800_000);
    await call('GETEX', 'k', 'PXAT', '4102444800123');
    expect(deadline('k')).toBe(4102444800123);
    await call('GETEX', 'k');
    expect(deadline('k')).toBe(4102444800123);
    expect(await call('GETEX', 'k', 'PERSIST')).toBe(bulk('v'));
    expect(deadline('k')).toBeNull();
  });

  it('GETEX - a past EXAT or PXAT deletes the key, which is not counted as expired', async () => {
    await call('SET', 'k', 'v');
    const expired = await info('expired_keys');
    expect(await call('GETEX', 'k', 'PXAT', String(clock.now()))).toBe(bulk('v'));
    expect(await call('EXISTS', 'k')).toBe(int(0));
    expect(await info('expired_keys')).toBe(expired);
  });

  it('GETEX - the key is read before the expire is checked', async () => {
    expect(await call('GETEX', 'missing', 'EX', '-1')).toBe(NIL);
    await call('SET', 'k', 'v');
    expect(await call('GETEX', 'k', 'EX', '-1')).toBe(err("ERR invalid expire time in 'getex' command"));
    expect(await call('GETEX', 'k', 'EX', '1', 'PERSIST')).toBe(err('ERR syntax error'));
  });

  it('MSET and MSETNX - MSETNX sets nothing when one key exists', async () => {
    await call('SET', 'a', 'old', 'EX', '100');
    expect(await call('MSET', 'a', '1', 'b', '2')).toBe(OK);
    expect(deadline('a')).toBeNull();
    expect(await call('MSETNX', 'c', '3', 'a', 'x')).toBe(int(0));
    expect(await call('EXISTS', 'c')).toBe(int(0));
    expect(await call('MSETNX', 'c', '3', 'd', '4')).toBe(int(1));
    expect(await call('MGET', 'a', 'b', 'c', 'd', 'e')).toBe(`*5\r\n${bulk('1')}${bulk('2')}${bulk('3')}${bulk('4')}${NIL}`);
    expect(await call('MSET', 'a', '1', 'b')).toBe(err("ERR wrong number of arguments for 'mset' command"));
  });

  it('INCR, APPEND, SETRANGE and INCRBYFLOAT keep the TTL', async () => {
    await call('SET', 'n', '1', 'EX', '100');
    await call('SET', 's', 'ab', 'EX', '100');
    await call('SET', 'f', '1.5', 'EX', '100');
    const t = deadline('n');
    expect(await call('INCR', 'n')).toBe(int(2));
    expect(await call('APPEND', 's', 'cd')).toBe(int(4));
    expect(await call('SETRANGE', 's', '1', 'XY')).toBe(int(4));
    expect(await call('INCRBYFLOAT', 'f', '0.25')).toBe(bulk('1.75'));
    expect([deadline('n'), deadline('s'), deadline('f')]).toEqual([t, t, t]);
    expect(await call('GET', 's')).toBe(bulk('aXYd'));
  });

  it('INCR - an expired counter starts again from 0', async () => {
    await call('SET', 'n', '41', 'PX', '10');
    clock.advance(11);
    expect(await call('INCR', 'n')).toBe(int(1));
    expect(deadline('n')).toBeNull();
  });

  it('INCRBY - exact over the whole int64 range', async () => {
    await call('SET', 'n', '9007199254740993');
    expect(await call('INCR', 'n')).toBe(int('9007199254740994'));
    await call('SET', 'n', '9223372036854775806');
    expect(await call('INCR', 'n')).toBe(int('9223372036854775807'));
    expect(await call('INCR', 'n')).toBe(err('ERR increment or decrement would overflow'));
    expect(await call('INCRBY', 'n', '-9223372036854775808')).toBe(int(-1));
    expect(await call('DECRBY', 'n', '-9223372036854775808')).toBe(err('ERR decrement would overflow'));
    await call('SET', 'n', ' 1');
    expect(await call('INCR', 'n')).toBe(err('ERR value is not an integer or out of range'));
  });

  it('INCRBYFLOAT - Redis number formatting and errors', async () => {
    await call('SET', 'f', '5.0e3');
    expect(await call('INCRBYFLOAT', 'f', '2.0e-2')).toBe(bulk('5000.02000000000000002'));
    expect(await call('INCRBYFLOAT', 'g', 'inf')).toBe(err('ERR increment would produce NaN or Infinity'));
    expect(await call('INCRBYFLOAT', 'g', 'nan')).toBe(err('ERR value is not a valid float'));
    expect(await call('EXISTS', 'g')).toBe(int(0));
  });

  it('SETRANGE - pads with zero bytes; the limit is proto-max-bulk-len', async () => {
    expect(await call('SETRANGE', 'k', '3', 'ab')).toBe(int(5));
    expect(await call('GET', 'k')).toBe(bulk('\0\0\0ab'));
    expect(await call('SETRANGE', 'k', String(1024 * 1024), 'x')).toBe(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    expect(await call('SETRANGE', 'k', String(1024 * 1024 - 1), 'x')).toBe(int(1024 * 1024));
    expect(await call('SETRANGE', 'k', '-1', 'x')).toBe(err('ERR offset is out of range'));
    expect(await call('SETRANGE', 'none', '5', '')).toBe(int(0));
    expect(await call('EXISTS', 'none')).toBe(int(0));
  });

  it('APPEND - the limit is proto-max-bulk-len', async () => {
    const half = 'x'.repeat(512 * 1024);
    expect(await call('APPEND', 'k', half)).toBe(int(half.length));
    expect(await call('APPEND', 'k', half)).toBe(int(2 * half.length));
    expect(await call('APPEND', 'k', 'y')).toBe(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
  });

  it('GETRANGE and SUBSTR - negative indexes count from the end', async () => {
    await call('SET', 'k', 'Hello World');
    expect(await call('GETRANGE', 'k', '0', '4')).toBe(bulk('Hello'));
    expect(await call('SUBSTR', 'k', '-5', '-1')).toBe(bulk('World'));
    expect(await call('GETRANGE', 'k', '-1', '-5')).toBe(bulk(''));
    expect(await call('GETRANGE', 'k', '-9223372036854775807', '-9223372036854775808')).toBe(bulk(''));
    expect(await call('GETRANGE', 'k', '-9223372036854775808', '-9223372036854775807')).toBe(bulk('H'));
  });

  it('LCS - string, LEN and IDX in RESP2 and RESP3', async () => {
    await call('MSET', 'a', 'ohmytext', 'b', 'mynewtext');
    expect(await call('LCS', 'a', 'b')).toBe(bulk('mytext'));
    expect(await call('LCS', 'a', 'b', 'LEN')).toBe(int(6));
    const ranges = (withLen: boolean) =>
      `*2\r\n*${withLen ? 3 : 2}\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n${withLen ? int(4) : ''}` +
      `*${withLen ? 3 : 2}\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n${withLen ? int(2) : ''}`;
    expect(await call('LCS', 'a', 'b', 'IDX')).toBe(`*4\r\n${bulk('matches')}${ranges(false)}${bulk('len')}${int(6)}`);
    expect(await call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toBe(
      `*4\r\n${bulk('matches')}*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n${bulk('len')}${int(6)}`,
    );
    await call('HELLO', '3');
    expect(await call('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN')).toBe(`%2\r\n${bulk('matches')}${ranges(true)}${bulk('len')}${int(6)}`);
    expect(await call('LCS', 'a', 'b', 'IDX', 'LEN')).toBe(err('ERR If you want both the length and indexes, please just use IDX.'));
  });

  it('LCS - the table may not exceed proto-max-bulk-len', async () => {
    await call('MSET', 'a', 'x'.repeat(600), 'b', 'y'.repeat(600));
    expect(await call('LCS', 'a', 'b', 'LEN')).toBe(err('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'));
  });
});
