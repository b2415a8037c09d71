import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Entry } from '../../src/keyspace/entry.js';
import { VolatileIndex } from '../../src/keyspace/volatile-index.js';

describe('volatile index', () => {
  it('holds exactly the keys set and not deleted, each at one dense position with its entry', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(30))), (ops) => {
        const index = new VolatileIndex();
        const model = new Map<string, Entry>();
        for (const [i, [add, n]] of ops.entries()) {
          const key = `k${n}`;
          if (add) {
            const e = new Entry(`v${i}`, 1, 0, 0);
            index.set(key, e);
            model.set(key, e);
          } else expect(index.delete(key)).toBe(model.delete(key));
        }
        expect(index.size).toBe(model.size);
        const seen = new Map<string, Entry>();
        for (let at = 0; at < index.size; at++) seen.set(index.keyAt(at), index.entryAt(at));
        expect(seen.size).toBe(model.size);
        for (const [key, e] of model) expect(seen.get(key)).toBe(e);
        for (const key of model.keys()) expect(index.has(key)).toBe(true);
        expect([...index.entryValues()].length).toBe(model.size);
      }),
    );
  });
});
