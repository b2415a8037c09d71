import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { entrySize } from '../../src/keyspace/entry.js';
import type { RunningServer } from '../../src/index.js';
import { seededRandom } from '../helpers/random.js';
import { RawConnection } from '../helpers/resp.js';
import { requireRedis, startOurs, startRedis } from '../helpers/servers.js';

const info = async (c: RawConnection, section: string) => {
  const raw = await c.call('INFO', section);
  return Object.fromEntries(
    raw
      .split('\r\n')
      .filter((l) => l.includes(':'))
      .map((l) => l.split(':') as [string, string]),
  );
};

describe('maxmemory through the server', () => {
  let ours: RunningServer;
  let c: RawConnection;
  const clock = new ManualClock();
  beforeAll(async () => {
    ours = await startOurs({ clock, config: { maxmemory: '1kb', 'maxmemory-policy': 'allkeys-lru' } });
    ours.server.keyspace.random = seededRandom(3);
    c = await RawConnection.open(ours.port);
  });
  afterAll(async () => {
    c.close();
    await ours.close();
  });

  it('SET under allkeys-lru - evicts before each write, used memory stays within maxmemory', async () => {
    for (let i = 0; i < 100; i++) {
      expect(await c.call('SET', `key:${i}`, 'x'.repeat(32))).toBe('+OK\r\n');
      clock.advance(1000);
    }
    expect(await c.call('GET', 'key:99')).toBe('$32\r\n' + 'x'.repeat(32) + '\r\n');
    expect(await c.call('GET', 'key:0')).toBe('$-1\r\n');
    const mem = await info(c, 'memory');
    expect(Number(mem.used_memory)).toBeLessThanOrEqual(1024 + 200);
    expect(mem.maxmemory).toBe('1024');
    expect(mem.maxmemory_human).toBe('1.00K');
    expect(mem.maxmemory_policy).toBe('allkeys-lru');
    const stats = await info(c, 'stats');
    expect(Number(stats.evicted_keys)).toBeGreaterThan(80);
    expect(stats.keyspace_hits).toBe('1');
    expect(stats.keyspace_misses).toBe('1');
  });

  it('INFO cache - hit rate, utilization, evictions, slots and the largest slot', async () => {
    const cache = await info(c, 'cache');
    expect(cache.cache_hit_rate).toBe('0.5000');
    expect(cache.cache_policy).toBe('allkeys-lru');
    expect(Number(cache.cache_utilization)).toBeGreaterThan(0.5);
    expect(Number(cache.cache_evicted_keys)).toBeGreaterThan(80);
    expect(Number(cache.cache_evicted_bytes)).toBeGreaterThan(80 * 32);
    expect(Number(cache.cache_slots_in_use)).toBe(Number(cache.cache_keys));
    expect(Number(cache.cache_largest_slot_keys)).toBe(1);
    expect(await c.call('INFO')).toContain('# Cache\r\n');
    expect(await c.call('INFO', 'all')).toContain('# Cache\r\n');
  });

  it('CLUSTER SLOT-STATS - key-count, memory-bytes, hits and evictions per slot', async () => {
    await c.call('FLUSHALL');
    await c.call('SET', '{a}1', 'v');
    await c.call('SET', '{a}2', 'vv');
    await c.call('GET', '{a}1');
    const slot = Number((await c.call('CLUSTER', 'KEYSLOT', 'a')).slice(1, -2));
    expect(await c.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot))).toBe(':2\r\n');
    // keys come in the slot's order, which under allkeys-lru is least recently used first
    expect(await c.call('CLUSTER', 'GETKEYSINSLOT', String(slot), '5')).toBe('*2\r\n$4\r\n{a}2\r\n$4\r\n{a}1\r\n');
    expect(await c.call('CLUSTER', 'GETKEYSINSLOT', String(slot), '1')).toBe('*1\r\n$4\r\n{a}2\r\n');
    const stat = (hits: number) =>
      `*2\r\n:${slot}\r\n*8\r\n$9\r\nkey-count\r\n:2\r\n$12\r\nmemory-bytes\r\n:${entrySize('{a}1', 'v', false) + entrySize('{a}2', 'vv', false)}\r\n$4\r\nhits\r\n:${hits}\r\n$9\r\nevictions\r\n:0\r\n`;
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', String(slot), String(slot))).toBe(`*1\r\n${stat(1)}`);
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'ORDERBY', 'key-count', 'LIMIT', '1')).toBe(`*1\r\n${stat(1)}`);
    const asc = await c.call('CLUSTER', 'SLOT-STATS', 'ORDERBY', 'MEMORY-BYTES', 'LIMIT', '2', 'ASC');
    expect(asc.startsWith('*2\r\n*2\r\n:0\r\n')).toBe(true);
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', '5', '4')).toBe('-ERR Start slot number 5 is greater than end slot number 4\r\n');
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', '0', '16384')).toBe('-ERR Invalid or out of range slot\r\n');
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'ORDERBY', 'key-count', 'LIMIT', '0')).toBe(
      '-ERR Limit has to lie in between 1 and 16384 (maximum number of slots).\r\n',
    );
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'ORDERBY', 'key-count', 'ASC', 'DESC')).toBe('-ERR Multiple filters of the same type are disallowed.\r\n');
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'ORDERBY', 'key-count', 'FOO')).toBe('-ERR syntax error\r\n');
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'ORDERBY', 'cpu-usec')).toMatch(/^-ERR Unrecognized sort metric/);
    expect(await c.call('CLUSTER', 'SLOT-STATS', 'FOO', 'bar')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'SLOT-STATS'. Try CLUSTER HELP.\r\n",
    );
  });
});

describe.skipIf(!requireRedis())('OOM under noeviction, against redis-server', () => {
  it('OOM - denyoom commands get the exact error; reads and deletes still work', async () => {
    const ours = await startOurs({ config: { maxmemory: '100' } });
    const redis = await startRedis(['--maxmemory', '1']);
    try {
      // dwc-resp accounts only its keys, so it goes over its limit after its first key.
      const o = await RawConnection.open(ours.port);
      expect(await o.call('SET', 'k', 'x'.repeat(100))).toBe('+OK\r\n');
      const r = await RawConnection.open(redis.port);
      const steps = [['SET', 'a', '1'], ['GET', 'k'], ['DEL', 'nokey'], ['EXISTS', 'k'], ['SET', 'b', '2', 'NX']];
      for (const s of steps) {
        const [mine, theirs] = [await o.call(...s), await r.call(...s)];
        if (s[1] === 'k') continue; // the key exists only on dwc-resp
        expect(mine, s.join(' ')).toBe(theirs);
      }
      expect(await o.call('GET', 'k')).toBe('$100\r\n' + 'x'.repeat(100) + '\r\n');
      expect(await o.call('DEL', 'k')).toBe(':1\r\n');
      expect(await o.call('SET', 'a', '1')).toBe('+OK\r\n');
      o.close();
      r.close();
    } finally {
      await Promise.all([ours.close(), redis.close()]);
    }
  });
});
