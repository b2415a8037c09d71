import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ManualClock } from '../../src/clock.js';
import { Fenwick } from '../../src/eviction/fenwick.js';
import { MAX_SPREAD, SlotWeights } from '../../src/eviction/slot-weights.js';
import { LFU_INIT_VAL, lfuDecayedAt, lfuDecrAndReturn, lfuInitial, lfuLogIncr, lfuMinutes, lfuTouch, lfuVictimScore } from '../../src/eviction/lfu.js';
import { EVPOOL_SIZE, EvictionPool } from '../../src/eviction/pool.js';

describe('LFU counter', () => {
  it('LFU - a new key starts at LFU_INIT_VAL stamped with the current minute', () => {
    const clock = new ManualClock();
    const a = lfuInitial(clock.now());
    expect(a & 0xff).toBe(LFU_INIT_VAL);
    expect(a >>> 8).toBe(lfuMinutes(clock.now()));
  });

  it('LFU - log factor 0 increments on every access, saturating at 255', () => {
    const clock = new ManualClock();
    let a = lfuInitial(clock.now());
    for (let i = 0; i < 10; i++) a = lfuTouch(a, clock.now(), 0, 1, Math.random);
    expect(lfuDecrAndReturn(a, clock.now(), 1)).toBe(15);
    for (let i = 0; i < 300; i++) a = lfuTouch(a, clock.now(), 0, 1, Math.random);
    expect(a & 0xff).toBe(255);
  });

  it('LFU - increment probability is 1/((counter-5)*factor+1), as LFULogIncr', () => {
    // counter 15, factor 10: p = 1/101
    expect(lfuLogIncr(15, 10, () => 1 / 101 - 1e-9)).toBe(16);
    expect(lfuLogIncr(15, 10, () => 1 / 101)).toBe(15);
    // at or below LFU_INIT_VAL the increment is certain
    expect(lfuLogIncr(3, 10, () => 0.999)).toBe(4);
  });

  it('LFU - counter decays by one per lfu-decay-time minutes, only when read', () => {
    const clock = new ManualClock();
    let a = lfuInitial(clock.now());
    for (let i = 0; i < 5; i++) a = lfuTouch(a, clock.now(), 0, 2, Math.random);
    expect(lfuDecrAndReturn(a, clock.now(), 2)).toBe(10);
    clock.advance(59_999);
    expect(lfuDecrAndReturn(a, clock.now(), 2)).toBe(10);
    clock.advance(180_001); // 4 minutes since the stamp: two periods of 2 minutes
    expect(lfuDecrAndReturn(a, clock.now(), 2)).toBe(8);
    expect(lfuDecrAndReturn(a, clock.now(), 0)).toBe(10); // decay time 0: never decays
    clock.advance(60 * 60_000);
    expect(lfuDecrAndReturn(a, clock.now(), 2)).toBe(0);
    // a touch applies the decay first, then increments, and re-stamps the minute
    a = lfuTouch(a, clock.now(), 0, 2, Math.random);
    expect(lfuDecrAndReturn(a, clock.now(), 2)).toBe(1);
  });

  it('LFU - the minute clock wraps at 16 bits as Redis computes elapsed time', () => {
    const clock = new ManualClock(65535 * 60_000);
    const a = lfuInitial(clock.now());
    expect(a >>> 8).toBe(65535);
    clock.advance(3 * 60_000);
    // Redis: 65535 - ldt + now = 0 + 2
    expect(lfuDecrAndReturn(a, clock.now(), 1)).toBe(LFU_INIT_VAL - 2);
  });
});

describe('LFU victim score', () => {
  const at = (minute: number, counter: number) => (minute << 8) | counter;

  it('ranks by decayed counter first, then the lower stored counter first', () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(255), fc.nat(10), fc.nat(255), fc.integer({ min: 0, max: 3 }), (ma, ca, mb, cb, decay) => {
        const minutes = 10;
        const [a, b] = [at(ma, ca), at(mb, cb)];
        const [da, db] = [lfuDecayedAt(a, minutes, decay), lfuDecayedAt(b, minutes, decay)];
        const [sa, sb] = [lfuVictimScore(a, minutes, decay), lfuVictimScore(b, minutes, decay)];
        if (da !== db) expect(sa > sb).toBe(da < db);
        else if (ca !== cb) expect(sa > sb).toBe(ca < cb);
        else expect(sa).toBe(sb);
      }),
    );
  });

  it('puts a new key before a key that decayed to the same count', () => {
    expect(lfuVictimScore(at(10, LFU_INIT_VAL), 10, 1)).toBeGreaterThan(lfuVictimScore(at(9, LFU_INIT_VAL + 1), 10, 1));
  });
});

describe('Fenwick tree', () => {
  it('find returns the index holding the rank-th unit, as a linear scan', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5), { minLength: 64, maxLength: 64 }), fc.nat(), (counts, r) => {
        const f = new Fenwick(64);
        counts.forEach((c, i) => c && f.add(i, c));
        const total = counts.reduce((a, b) => a + b, 0);
        expect(f.total).toBe(total);
        if (total === 0) return;
        const rank = r % total;
        let acc = 0;
        let expected = -1;
        for (let i = 0; i < 64 && expected < 0; i++) if ((acc += counts[i]!) > rank) expected = i;
        expect(f.find(rank)).toBe(expected);
        expect(f.lastFindBase).toBe(counts.slice(0, expected).reduce((a, b) => a + b, 0));
      }),
    );
  });
});

describe('Fenwick tree, three descents side by side', () => {
  it('findThree finds what find finds, and leaves each rank within its index', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5), { minLength: 64, maxLength: 64 }), fc.tuple(fc.nat(), fc.nat(), fc.nat()), (counts, rs) => {
        const f = new Fenwick(64);
        counts.forEach((c, i) => c && f.add(i, c));
        if (f.total === 0) return;
        const ranks = new Int32Array([7, ...rs.map((r) => r % f.total)]);
        const positions = new Int32Array(4);
        f.findThree(ranks, 1, positions);
        rs.forEach((r, j) => {
          const expected = f.find(r % f.total);
          expect(positions[j + 1]).toBe(expected);
          expect(ranks[j + 1]).toBe((r % f.total) - f.lastFindBase);
        });
        expect(ranks[0]).toBe(7);
      }),
    );
  });
});

describe('slot weights', () => {
  it('drawSpread draws the slots holding evenly spaced ranks from one uniform', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(6), { minLength: 256, maxLength: 256 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: MAX_SPREAD }),
        (counts, u, n) => {
          const w = new SlotWeights(256);
          counts.forEach((c, i) => c && w.add(i, c));
          if (w.total === 0) return;
          const out = new Int32Array(n);
          w.drawSpread(u, n, out);
          const first = Math.floor(u * w.total);
          for (let j = 0; j < n; j++) {
            const rank = (first + Math.floor((j * w.total) / n)) % w.total;
            expect(out[j]).toBe(w.find(rank));
          }
        },
      ),
    );
  });

  it('find returns the slot holding the rank-th unit, as a linear scan, after adds and removes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(255), fc.integer({ min: 1, max: 3 }), fc.boolean())), fc.nat(), (ops, r) => {
        const w = new SlotWeights(256);
        const counts = new Array<number>(256).fill(0);
        for (const [index, n, remove] of ops) {
          const delta = remove ? -Math.min(n, counts[index]!) : n;
          if (delta === 0) continue;
          w.add(index, delta);
          counts[index]! += delta;
        }
        const total = counts.reduce((a, b) => a + b, 0);
        expect(w.total).toBe(total);
        counts.forEach((c, i) => expect(w.count(i)).toBe(c));
        if (total === 0) return;
        const rank = r % total;
        let acc = 0;
        let expected = -1;
        for (let i = 0; i < 256 && expected < 0; i++) if ((acc += counts[i]!) > rank) expected = i;
        expect(w.find(rank)).toBe(expected);
      }),
    );
  });
});

describe('eviction pool', () => {
  it('keeps the 16 best candidates and pops the best first', () => {
    const pool = new EvictionPool<number>();
    for (let i = 0; i < 100; i++) pool.offer(i, `k${i}`, 0, 0, (i * 37) % 100);
    expect(pool.size).toBe(EVPOOL_SIZE);
    const scores: number[] = [];
    for (let x = pool.popBest(); x !== undefined; x = pool.popBest()) {
      expect(pool.key).toBe(`k${x}`);
      expect(pool.score).toBe((x * 37) % 100);
      scores.push(pool.score);
    }
    expect(scores).toEqual(Array.from({ length: 16 }, (_, i) => 99 - i));
  });

  it('ignores a candidate it already holds', () => {
    const pool = new EvictionPool<string>();
    pool.offer('a', 'a', 0, 0, 1);
    pool.offer('a', 'a', 0, 0, 1);
    expect(pool.size).toBe(1);
  });
});

describe('eviction pool against a sorted list', () => {
  it('holds the 16 best offers, earliest first among equals, across offers and pops', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1))), (ops) => {
        const pool = new EvictionPool<number>();
        // The model: ascending by score, an equal score placed before those already held.
        let model: Array<{ item: number; score: number }> = [];
        ops.forEach((score, item) => {
          if (score === -1) {
            const got = pool.popBest();
            const want = model.pop();
            expect(got).toBe(want?.item);
            if (want !== undefined) expect(pool.score).toBe(want.score);
            return;
          }
          pool.offer(item, `k${item}`, 0, 0, score);
          if (model.length === EVPOOL_SIZE && score <= model[0]!.score) return;
          const at = model.findIndex((c) => c.score >= score);
          model.splice(at < 0 ? model.length : at, 0, { item, score });
          if (model.length > EVPOOL_SIZE) model = model.slice(1);
        });
        expect(pool.size).toBe(model.length);
        for (let want = model.pop(); want !== undefined; want = model.pop()) expect(pool.popBest()).toBe(want.item);
      }),
    );
  });
});
