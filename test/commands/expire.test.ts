import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawConnection } from '../helpers/resp.js';

const int = (n: number) => `:${n}\r\n`;

describe('expire family (injected clock)', () => {
  const clock = new ManualClock();
  let server: RunningServer;
  let c: RawConnection;

  beforeAll(async () => {
    server = await startServer({ port: 0, clock, config: { hz: 100 } });
    c = await RawConnection.open(server.port);
  });
  afterAll(async () => {
    c.close();
    await server.close();
  });
  beforeEach(async () => {
    await c.call('FLUSHALL');
  });

  const expiredKeys = async () => Number(/expired_keys:(\d+)/.exec(await c.call('INFO', 'stats'))![1]);

  it('EXPIRE - the key lives through its deadline and is gone one ms later', async () => {
    await c.call('SET', 'k', 'v');
    expect(await c.call('EXPIRE', 'k', '10')).toBe(int(1));
    clock.advance(10_000);
    expect(await c.call('PTTL', 'k')).toBe(int(0));
    expect(await c.call('GET', 'k')).toBe('$1\r\nv\r\n');
    const before = await expiredKeys();
    clock.advance(1);
    expect(await c.call('GET', 'k')).toBe('$-1\r\n');
    expect(await c.call('TTL', 'k')).toBe(int(-2));
    expect(await expiredKeys()).toBe(before + 1);
  });

  it('TTL - rounds to the nearest second, PTTL is exact', async () => {
    await c.call('SET', 'k', 'v');
    await c.call('PEXPIRE', 'k', '1499');
    expect(await c.call('TTL', 'k')).toBe(int(1));
    expect(await c.call('PTTL', 'k')).toBe(int(1499));
    await c.call('PEXPIRE', 'k', '1500');
    expect(await c.call('TTL', 'k')).toBe(int(2));
    clock.advance(700);
    expect(await c.call('PTTL', 'k')).toBe(int(800));
    expect(await c.call('TTL', 'k')).toBe(int(1));
  });

  it('EXPIREAT and PEXPIRETIME use absolute epoch times', async () => {
    await c.call('SET', 'k', 'v');
    const at = Math.floor(clock.now() / 1000) + 100;
    expect(await c.call('EXPIREAT', 'k', String(at))).toBe(int(1));
    expect(await c.call('EXPIRETIME', 'k')).toBe(int(at));
    expect(await c.call('PEXPIRETIME', 'k')).toBe(int(at * 1000));
    expect(await c.call('PEXPIREAT', 'k', String(at * 1000 + 499))).toBe(int(1));
    expect(await c.call('EXPIRETIME', 'k')).toBe(int(at));
    expect(await c.call('PEXPIREAT', 'k', String(at * 1000 + 500))).toBe(int(1));
    expect(await c.call('EXPIRETIME', 'k')).toBe(int(at + 1));
  });

  it('EXPIRE - GT and LT compare with the current deadline; no TTL counts as infinite', async () => {
    await c.call('SET', 'k', 'v');
    expect(await c.call('EXPIRE', 'k', '100', 'GT')).toBe(int(0));
    expect(await c.call('EXPIRE', 'k', '100', 'LT')).toBe(int(1));
    expect(await c.call('EXPIRE', 'k', '100', 'GT')).toBe(int(0));
    expect(await c.call('EXPIRE', 'k', '100', 'LT')).toBe(int(0));
    expect(await c.call('PEXPIRE', 'k', '100001', 'GT')).toBe(int(1));
    expect(await c.call('PEXPIRE', 'k', '100000', 'LT', 'XX')).toBe(int(1));
    expect(await c.call('PTTL', 'k')).toBe(int(100000));
  });

  it('EXPIRE - a deadline at or before now deletes the key, and is not an expiration', async () => {
    const before = await expiredKeys();
    await c.call('SET', 'k', 'v');
    expect(await c.call('PEXPIREAT', 'k', String(clock.now()))).toBe(int(1));
    expect(await c.call('EXISTS', 'k')).toBe(int(0));
    await c.call('SET', 'k', 'v');
    expect(await c.call('EXPIRE', 'k', '-10')).toBe(int(1));
    expect(await c.call('DBSIZE')).toBe(int(0));
    expect(await expiredKeys()).toBe(before);
  });

  it('PERSIST - removes the deadline once', async () => {
    await c.call('SET', 'k', 'v', 'EX', '5');
    expect(await c.call('PERSIST', 'k')).toBe(int(1));
    expect(await c.call('PERSIST', 'k')).toBe(int(0));
    clock.advance(10_000);
    expect(await c.call('TTL', 'k')).toBe(int(-1));
  });

  it('expired keys are invisible to KEYS, SCAN, RANDOMKEY, EXISTS and TYPE', async () => {
    await c.call('SET', 'live', 'v');
    for (let i = 0; i < 50; i++) await c.call('SET', `gone:${i}`, 'v', 'PX', '10');
    clock.advance(11);
    expect(await c.call('KEYS', '*')).toBe('*1\r\n$4\r\nlive\r\n');
    expect(await c.call('SCAN', '0', 'COUNT', '1000')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n');
    for (let i = 0; i < 5; i++) expect(await c.call('RANDOMKEY')).toBe('$4\r\nlive\r\n');
    expect(await c.call('EXISTS', 'gone:1')).toBe(int(0));
    expect(await c.call('TYPE', 'gone:2')).toBe('+none\r\n');
  });

  it('the active cycle reclaims keys nobody reads: DBSIZE reaches the live count', async () => {
    const before = await expiredKeys();
    await c.call('SET', 'live', 'v');
    for (let i = 0; i < 300; i++) await c.call('SET', `gone:${i}`, 'v', 'PX', '10');
    const usedBefore = server.server.keyspace.usedBytes;
    clock.advance(11);
    // The cron runs on its own timer; wait (bounded) for it instead of asserting a duration.
    for (let n = 0; n < 200 && (await c.call('DBSIZE')) !== int(1); n++) await new Promise((r) => setTimeout(r, 10));
    expect(await c.call('DBSIZE')).toBe(int(1));
    expect(await expiredKeys()).toBe(before + 300);
    expect(server.server.keyspace.usedBytes).toBeLessThan(usedBefore);
    expect(await c.call('INFO', 'keyspace')).toContain('db0:keys=1,expires=0,avg_ttl=0');
  });
});
