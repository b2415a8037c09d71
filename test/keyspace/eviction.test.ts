import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Config } from '../../src/config.js';
import { EXPIRE_OVERHEAD, entrySize } from '../../src/keyspace/entry.js';
import { attachEviction } from '../../src/keyspace/evictor.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { keySlot } from '../../src/keyspace/slot-hash.js';
import { seededRandom } from '../helpers/random.js';

/** A keyspace with its evictor, a manual clock and a seeded random source. */
function cache(settings: Record<string, string> = {}) {
  const clock = new ManualClock();
  const config = new Config();
  for (const [k, v] of Object.entries(settings)) expect(config.set(k, v)).toBeNull();
  const ks = new Keyspace(16, clock);
  ks.random = seededRandom(7);
  const evictor = attachEviction(config, ks);
  const db = ks.dbs[0]!;
  const value = 'v'.repeat(32);
  /** Room for n keys named like `key:123` with a 32-byte value. */
  const roomFor = (n: number) => String(n * entrySize('key:000', value, false));
  return { clock, config, ks, evictor, db, value, roomFor };
}

const key = (i: number) => `key:${String(i).padStart(3, '0')}`;

describe('eviction', () => {
  it('allkeys-lru - keys read recently survive, the least recently used go', () => {
    const { clock, config, ks, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': 'allkeys-lru', 'maxmemory-samples': '10' });
    for (let i = 0; i < 100; i++) {
      db.put(key(i), value, null, clock.now());
      clock.advance(10);
    }
    for (let i = 0; i < 100; i += 2) {
      db.read(key(i), clock.now());
      clock.advance(10);
    }
    config.set('maxmemory', roomFor(80));
    expect(evictor.evict(clock.now(), Infinity)).toBe(true);
    expect(db.keyCount).toBe(80);
    expect(ks.stats.evicted).toBe(20);
    expect(ks.stats.evictedBytes).toBe(20 * entrySize(key(0), value, false));
    // Sampling is approximate, but with half the keys never read and 10 samples per eviction
    // plus the pool, every victim is one of the never-read keys.
    for (let i = 0; i < 100; i += 2) expect(db.peek(key(i)), key(i)).toBeDefined();
  });

  it('allkeys-lfu - frequently read keys survive; OBJECT FREQ decays with the clock', () => {
    const { clock, config, ks, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': 'allkeys-lfu', 'lfu-log-factor': '0', 'maxmemory-samples': '10' });
    expect(ks.mode).toBe('lfu');
    for (let i = 0; i < 60; i++) db.put(key(i), value, null, clock.now());
    for (let i = 0; i < 20; i++) for (let n = 0; n < 10; n++) db.read(key(i), clock.now());
    expect(ks.lfuFrequency(db.peek(key(0))!, clock.now())).toBe(15);
    expect(ks.lfuFrequency(db.peek(key(30))!, clock.now())).toBe(5);
    clock.advance(3 * 60_000);
    expect(ks.lfuFrequency(db.peek(key(0))!, clock.now())).toBe(12);
    config.set('maxmemory', roomFor(40));
    evictor.evict(clock.now(), Infinity);
    expect(db.keyCount).toBe(40);
    for (let i = 0; i < 20; i++) expect(db.peek(key(i)), key(i)).toBeDefined();
  });

  it.each(['allkeys-lfu', 'volatile-lfu'])('%s - after a minute tick, a key that decayed to a count outranks a new key at that count', (policy) => {
    for (let seed = 1; seed <= 20; seed++) {
      // 64 samples of two keys: both are examined.
      const { clock, config, ks, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': policy, 'lfu-log-factor': '0', 'maxmemory-samples': '64' });
      ks.random = seededRandom(seed);
      const deadline = policy === 'volatile-lfu' ? clock.now() + 3_600_000 : null;
      db.put(key(1), value, deadline, clock.now());
      db.read(key(1), clock.now());
      clock.advance(60_000);
      db.put(key(2), value, deadline, clock.now());
      // Both count LFU_INIT_VAL now: key 1 read once, then decayed by one; key 2 new.
      expect(ks.lfuFrequency(db.peek(key(1))!, clock.now())).toBe(ks.lfuFrequency(db.peek(key(2))!, clock.now()));
      config.set('maxmemory', String(Number(roomFor(1)) + (deadline === null ? 0 : EXPIRE_OVERHEAD)));
      evictor.evict(clock.now(), Infinity);
      expect(db.peek(key(1)), `seed ${seed}`).toBeDefined();
      expect(db.peek(key(2)), `seed ${seed}`).toBeUndefined();
    }
  });

  it.each(['allkeys-lru', 'allkeys-lfu'])("%s - the recorded stamps of each slot's oldest entries follow every change", (policy) => {
    const { clock, config, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': policy, 'lfu-log-factor': '0' });
    const random = seededRandom(11);
    // Hash tags put the keys in four slots, so slots hold several entries each.
    const tagged = (i: number) => `{t${i % 4}}${i}`;
    const tagSlots = [0, 1, 2, 3].map((i) => keySlot(tagged(i)));
    const check = (lfu: boolean) => {
      for (const index of tagSlots) {
        const entries = db.slots[index];
        if (entries === undefined || entries.size === 0) continue;
        const [first, second] = [...entries.values()];
        expect(db.stamps[index * 2]).toBe(first!.access);
        if (lfu) expect(db.stamps[index * 2 + 1]).toBe(second === undefined ? -1 : second.access);
      }
    };
    for (let step = 0; step < 2000; step++) {
      const k = tagged(Math.floor(random() * 40));
      const op = random();
      if (op < 0.35) db.put(k, value, null, clock.now());
      else if (op < 0.7) db.read(k, clock.now());
      else if (op < 0.85) db.remove(k);
      else if (db.keyCount > 0) {
        // The evictor's own deletions: a slot's head or (under LFU) its second entry.
        config.set('maxmemory', roomFor(db.keyCount - 1));
        evictor.evict(clock.now(), Infinity);
        config.set('maxmemory', '0');
      }
      // Some steps share a millisecond (equal LRU stamps), some a minute (LFU decay).
      if (random() < 0.5) clock.advance(1);
      if (step % 100 === 0) clock.advance(60_000);
      check(policy === 'allkeys-lfu');
    }
    // Switching between the two access orders records the stamps afresh.
    config.set('maxmemory-policy', policy === 'allkeys-lru' ? 'allkeys-lfu' : 'allkeys-lru');
    check(policy === 'allkeys-lru');
    config.set('maxmemory', roomFor(10));
    evictor.evict(clock.now(), Infinity);
    expect(db.keyCount).toBeLessThanOrEqual(10);
    check(policy === 'allkeys-lru');
  });

  it.each([10, 100])('allkeys-random - any key of a slot of %i can go, the newest as likely as the others', (size) => {
    const { clock, config, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': 'allkeys-random' });
    // One hash tag: every key in one slot. Keys are as long as roomFor's.
    const tagged = (i: number) => `{s}k${String(i).padStart(3, '0')}`.slice(0, 7);
    for (let i = 0; i < size; i++) db.put(tagged(i), value, null, clock.now());
    config.set('maxmemory', roomFor(size));
    let newestEvicted = 0;
    const rounds = 400;
    for (let i = size; i < size + rounds; i++) {
      const newest = tagged(i % 1000);
      db.put(newest, value, null, clock.now());
      evictor.evict(clock.now(), Infinity);
      expect(db.keyCount).toBe(size);
      if (db.peek(newest) === undefined) newestEvicted++;
    }
    // Uniform: about rounds / (size + 1) times; taking the slot's keys in turn: never.
    expect(newestEvicted).toBeGreaterThan(0);
    expect(newestEvicted).toBeLessThan((3 * rounds) / (size + 1));
  });

  it('volatile-ttl - the nearest deadline goes first, keys without TTL stay', () => {
    const { clock, config, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': 'volatile-ttl', 'maxmemory-samples': '10' });
    const now = clock.now();
    for (let i = 0; i < 10; i++) db.put(key(i), value, null, now);
    for (let i = 10; i < 20; i++) db.put(key(i), value, now + 1000 * i, now);
    config.set('maxmemory', String(Number(roomFor(15)) + 5 * EXPIRE_OVERHEAD));
    expect(evictor.evict(now, Infinity)).toBe(true);
    expect(db.keyCount).toBe(15);
    for (let i = 0; i < 10; i++) expect(db.peek(key(i))).toBeDefined();
    for (let i = 10; i < 15; i++) expect(db.peek(key(i)), key(i)).toBeUndefined();
    for (let i = 15; i < 20; i++) expect(db.peek(key(i)), key(i)).toBeDefined();
  });

  it('volatile-lru and volatile-random - only keys with a TTL are taken; none left means OOM', () => {
    for (const policy of ['volatile-lru', 'volatile-random', 'volatile-lfu']) {
      const { clock, config, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': policy });
      const now = clock.now();
      for (let i = 0; i < 10; i++) db.put(key(i), value, null, now);
      for (let i = 10; i < 15; i++) db.put(key(i), value, now + 100_000, now);
      config.set('maxmemory', roomFor(8));
      expect(evictor.evict(now, Infinity), policy).toBe(false);
      expect(db.keyCount).toBe(10);
      expect(db.expires.size).toBe(0);
    }
  });

  it('allkeys-random - evicts down to the limit across databases', () => {
    const { clock, config, ks, evictor, value, roomFor } = cache({ 'maxmemory-policy': 'allkeys-random' });
    for (let i = 0; i < 200; i++) ks.dbs[i % 3]!.put(key(i), value, null, clock.now());
    config.set('maxmemory', roomFor(50));
    expect(evictor.evict(clock.now(), Infinity)).toBe(true);
    expect(ks.keyCount()).toBe(50);
    expect(ks.usedBytes).toBeLessThanOrEqual(Number(roomFor(50)));
  });

  it('SWAPDB - volatile eviction follows the swapped expires index', () => {
    const { clock, config, ks, evictor, value, roomFor } = cache({ 'maxmemory-policy': 'volatile-random' });
    const [db0, db1] = [ks.dbs[0]!, ks.dbs[1]!];
    for (let i = 0; i < 10; i++) db0.put(key(i), value, clock.now() + 100_000, clock.now());
    config.set('maxmemory', String(Number(roomFor(9)) + 9 * EXPIRE_OVERHEAD));
    expect(evictor.evict(clock.now(), Infinity)).toBe(true);
    db0.swapContents(db1);
    db1.put(key(50), value, clock.now() + 100_000, clock.now());
    expect(evictor.evict(clock.now(), Infinity)).toBe(true);
    expect(db0.keyCount + db1.keyCount).toBe(9);
    expect(ks.stats.evicted).toBe(2);
  });

  it('noeviction - over the limit cannot be fixed', () => {
    const { clock, config, evictor, db, value, roomFor } = cache();
    for (let i = 0; i < 10; i++) db.put(key(i), value, null, clock.now());
    config.set('maxmemory', roomFor(5));
    expect(evictor.evict(clock.now(), Infinity)).toBe(false);
    expect(db.keyCount).toBe(10);
    config.set('maxmemory', '0');
    expect(evictor.evict(clock.now(), Infinity)).toBe(true);
  });

  it('CONFIG SET maxmemory lower - evicts in bounded batches until under the limit', () => {
    const { clock, config, ks, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': 'allkeys-lru' });
    for (let i = 0; i < 5000; i++) db.put(`k${i}`, value, null, clock.now());
    config.set('maxmemory', roomFor(1000));
    for (let tick = 0; tick < 1000 && ks.usedBytes > Number(roomFor(1000)); tick++) evictor.cron(clock.now());
    expect(ks.usedBytes).toBeLessThanOrEqual(Number(roomFor(1000)));
    expect(ks.stats.evicted).toBe(5000 - db.keyCount);
    // no more than needed: one more key would not fit
    expect(ks.usedBytes + entrySize('k0', value, false)).toBeGreaterThan(Number(roomFor(1000)) - 64);
  });

  it('maxmemory-policy switches the access mode live, and idle time follows the clock', () => {
    const { clock, config, ks, db, value } = cache();
    expect(ks.mode).toBe('lru');
    db.put('a', value, null, clock.now());
    clock.advance(5000);
    expect(ks.idleMs(db.peek('a')!, clock.now())).toBe(5000);
    db.read('a', clock.now());
    expect(ks.idleMs(db.peek('a')!, clock.now())).toBe(0);
    config.set('maxmemory-policy', 'volatile-lfu');
    expect(ks.mode).toBe('lfu');
    config.set('lfu-decay-time', '5');
    expect(ks.lfuDecayTime).toBe(5);
    config.set('maxmemory-policy', 'allkeys-lru');
    expect(ks.mode).toBe('lru');
    expect(ks.accessOrder).toBe(true);
  });

  it('CONFIG RESETSTAT - keyspace.stats.reset clears per-slot hits and evictions too', () => {
    const { clock, config, ks, evictor, db, value, roomFor } = cache({ 'maxmemory-policy': 'allkeys-lru' });
    for (let i = 0; i < 20; i++) db.put(key(i), value, null, clock.now());
    db.read(key(1), clock.now());
    config.set('maxmemory', roomFor(10));
    evictor.evict(clock.now(), Infinity);
    const sum = (counts: Float64Array) => counts.reduce((a, b) => a + b, 0);
    expect([sum(db.slotHits), sum(db.slotEvictions)]).toEqual([1, 10]);
    ks.stats.reset();
    expect([sum(db.slotHits), sum(db.slotEvictions)]).toEqual([0, 0]);
    expect(ks.stats.evicted).toBe(0);
    expect(ks.peakBytes).toBe(ks.usedBytes);
  });
});
