import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Config, EVICTION_POLICIES } from '../../src/config.js';
import { entrySize } from '../../src/keyspace/entry.js';
import { attachEviction } from '../../src/keyspace/evictor.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { seededRandom } from '../helpers/random.js';

const keyArb = fc.oneof(fc.constantFrom('a', 'b', '{t}1', '{t}2', 'k:1', 'k:2', 'k:3'), fc.string({ maxLength: 6 }));
const valueArb = fc.string({ maxLength: 40 });
const op = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), db: fc.nat(1), key: keyArb, value: valueArb, ttl: fc.option(fc.integer({ min: 1, max: 5000 })) }),
  fc.record({ kind: fc.constant('remove' as const), db: fc.nat(1), key: keyArb }),
  fc.record({ kind: fc.constant('setExpire' as const), db: fc.nat(1), key: keyArb, ttl: fc.option(fc.integer({ min: 1, max: 5000 })) }),
  fc.record({ kind: fc.constant('read' as const), db: fc.nat(1), key: keyArb }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ kind: fc.constant('flush' as const), db: fc.nat(1) }),
  fc.record({ kind: fc.constant('swap' as const) }),
  fc.record({ kind: fc.constant('limit' as const), bytes: fc.integer({ min: 0, max: 2000 }), policy: fc.constantFrom(...EVICTION_POLICIES) }),
);

describe('byte accounting', () => {
  it('slot, database and keyspace totals equal the sum of entry sizes after any operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const clock = new ManualClock();
        const config = new Config({ databases: 2 });
        const ks = new Keyspace(2, clock);
        ks.random = seededRandom(1);
        const evictor = attachEviction(config, ks);
        for (const o of ops) {
          const now = clock.now();
          switch (o.kind) {
            case 'put':
              ks.dbs[o.db]!.put(o.key, o.value, o.ttl === null ? null : now + o.ttl, now);
              break;
            case 'remove':
              ks.dbs[o.db]!.remove(o.key);
              break;
            case 'setExpire': {
              const e = ks.dbs[o.db]!.get(o.key, now);
              if (e) ks.dbs[o.db]!.setExpire(o.key, e, o.ttl === null ? null : now + o.ttl);
              break;
            }
            case 'read':
              ks.dbs[o.db]!.read(o.key, now);
              break;
            case 'advance':
              clock.advance(o.ms);
              break;
            case 'flush':
              ks.dbs[o.db]!.flush();
              break;
            case 'swap':
              ks.dbs[0]!.swapContents(ks.dbs[1]!);
              break;
            case 'limit':
              config.set('maxmemory-policy', o.policy);
              config.set('maxmemory', String(o.bytes));
              break;
          }
          // as the dispatcher does before every command
          evictor.evict(clock.now(), Infinity);
        }
        let used = 0;
        for (const db of ks.dbs) {
          let dbBytes = 0;
          let keys = 0;
          let volatile = 0;
          db.slots.forEach((entries, index) => {
            if (entries === undefined) return;
            let bytes = 0;
            for (const [k, e] of entries) {
              expect(e.size).toBe(entrySize(k, e.value, e.expireAt !== null));
              bytes += e.size;
              if (e.expireAt !== null) volatile++;
            }
            expect(db.slotBytes[index]).toBe(bytes);
            expect(db.slotSizes.count(index)).toBe(entries.size);
            dbBytes += bytes;
            keys += entries.size;
          });
          // A slot that never held a key has no Map and must account nothing.
          expect(db.slotBytes.reduce((a, b) => a + b, 0)).toBe(dbBytes);
          expect(db.bytes).toBe(dbBytes);
          expect(db.keyCount).toBe(keys);
          expect(db.slotSizes.total).toBe(keys);
          expect(db.expires.size).toBe(volatile);
          expect(db.slotsInUse).toBe(db.slots.filter((s) => s !== undefined && s.size > 0).length);
          used += dbBytes;
        }
        expect(ks.usedBytes).toBe(used);
        expect(ks.peakBytes).toBeGreaterThanOrEqual(used);
        if (config.values.maxmemory > 0 && config.values.maxmemoryPolicy.startsWith('allkeys')) {
          expect(ks.usedBytes).toBeLessThanOrEqual(Math.max(config.values.maxmemory, 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});
