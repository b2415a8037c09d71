import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { entrySize } from '../../src/keyspace/entry.js';
import { ActiveExpiry, KEYS_PER_LOOP } from '../../src/keyspace/expiry.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';

function keyspaceWith(clock: ManualClock): Keyspace {
  return new Keyspace(16, clock);
}

describe('active expiry', () => {
  it('reclaims every expired key, counts them and returns their bytes', () => {
    const clock = new ManualClock();
    const ks = keyspaceWith(clock);
    const db = ks.dbs[0]!;
    const now = clock.now();
    for (let i = 0; i < 50; i++) db.put(`live:${i}`, 'v', null, now);
    for (let i = 0; i < 30; i++) db.put(`later:${i}`, 'v', now + 60_000, now);
    const liveBytes = ks.usedBytes;
    for (let i = 0; i < 1000; i++) db.put(`gone:${i}`, 'value', now + 10, now);
    clock.advance(11);
    const expiry = new ActiveExpiry(ks);
    let total = 0;
    for (let n = 0; n < 200 && db.keyCount > 80; n++) total += expiry.cycle(clock.now(), 1000);
    expect(total).toBe(1000);
    expect(db.keyCount).toBe(80);
    expect(db.expires.size).toBe(30);
    expect(ks.stats.expired).toBe(1000);
    expect(ks.usedBytes).toBe(liveBytes);
    expect(db.bytes).toBe(liveBytes);
    expect(db.get('later:0', clock.now())).toBeDefined();
  });

  it('never deletes a key whose deadline is now (expired means now > deadline)', () => {
    const clock = new ManualClock();
    const ks = keyspaceWith(clock);
    ks.dbs[0]!.put('k', 'v', clock.now() + 5, clock.now());
    clock.advance(5);
    expect(new ActiveExpiry(ks).cycle(clock.now(), 1000)).toBe(0);
    clock.advance(1);
    expect(new ActiveExpiry(ks).cycle(clock.now(), 1000)).toBe(1);
  });

  it('stops after one sample of 20 when few keys are stale, and resumes where it stopped', () => {
    const clock = new ManualClock();
    const ks = keyspaceWith(clock);
    const db = ks.dbs[0]!;
    const now = clock.now();
    // 100 volatile keys, one stale key in every 20: each sample finds 5% stale and stops.
    for (let i = 0; i < 100; i++) db.put(`k${i}`, 'v', i % 20 === 0 ? now + 1 : now + 60_000, now);
    clock.advance(2);
    const expiry = new ActiveExpiry(ks);
    for (let cycle = 1; cycle <= 5; cycle++) {
      expect(expiry.cycle(clock.now(), 1000)).toBe(1);
      expect(db.keyCount).toBe(100 - cycle);
    }
    expect(expiry.cycle(clock.now(), 1000)).toBe(0);
  });

  it('keeps sampling while more than 10% are stale, within its time budget', () => {
    const clock = new ManualClock();
    const ks = keyspaceWith(clock);
    const db = ks.dbs[3]!;
    for (let i = 0; i < 500; i++) db.put(`k${i}`, 'v', clock.now() + 1, clock.now());
    clock.advance(2);
    const expiry = new ActiveExpiry(ks);
    // A spent budget still runs one loop, then stops and resumes with the same database.
    expect(expiry.cycle(clock.now(), 0)).toBe(KEYS_PER_LOOP);
    expect(expiry.cycle(clock.now(), 0)).toBe(KEYS_PER_LOOP);
    expect(expiry.cycle(clock.now(), 1000)).toBe(500 - 2 * KEYS_PER_LOOP);
    expect(db.keyCount).toBe(0);
  });

  it('visits keys added during a pass and follows databases swapped by SWAPDB', () => {
    const clock = new ManualClock();
    const ks = keyspaceWith(clock);
    const [db0, db1] = [ks.dbs[0]!, ks.dbs[1]!];
    const now = clock.now();
    for (let i = 0; i < 40; i++) db0.put(`a${i}`, 'v', now + 60_000, now);
    const expiry = new ActiveExpiry(ks);
    expiry.cycle(now, 1000);
    db0.put('late', 'v', now + 1, now);
    db0.swapContents(db1);
    clock.advance(2);
    const bytes = ks.usedBytes;
    for (let n = 0; n < 5; n++) expiry.cycle(clock.now(), 1000);
    expect(db1.peek('late')).toBeUndefined();
    expect(db1.keyCount).toBe(40);
    expect(db0.keyCount).toBe(0);
    expect(ks.usedBytes).toBeLessThan(bytes);
  });
});

describe('Database.swapContents', () => {
  it('exchanges keys, TTLs and byte totals and keeps the keyspace total', () => {
    const clock = new ManualClock();
    const ks = keyspaceWith(clock);
    const [a, b] = [ks.dbs[0]!, ks.dbs[5]!];
    a.put('x', 'v', clock.now() + 1000, clock.now());
    b.put('y', 'longer value', null, clock.now());
    b.put('z', 'w', null, clock.now());
    const [bytesA, bytesB, total] = [a.bytes, b.bytes, ks.usedBytes];
    a.swapContents(b);
    expect([a.keyCount, b.keyCount]).toEqual([2, 1]);
    expect([a.bytes, b.bytes]).toEqual([bytesB, bytesA]);
    expect(ks.usedBytes).toBe(total);
    expect(b.expires.has('x')).toBe(true);
    expect(a.get('y', clock.now())?.value).toBe('longer value');
    a.remove('y');
    expect(ks.usedBytes).toBe(total - entrySize('y', 'longer value', false));
    expect(a.bytes).toBe(bytesB - entrySize('y', 'longer value', false));
  });
});
