import calculateSlot from 'cluster-key-slot';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keySlot } from '../../src/keyspace/slot-hash.js';

/**
 * cluster-key-slot disagrees with Redis on one shape: when the first '{' is immediately closed
 * ("{}"), Redis hashes the whole key, while the package keeps scanning and may hash a later
 * tag ("{}{a}"). Those keys are checked against redis-server in test/differential/cluster.test.ts.
 */
const emptyFirstTag = (b: Buffer) => {
  const open = b.indexOf(0x7b);
  return open >= 0 && b[open + 1] === 0x7d;
};

describe('keySlot', () => {
  it('KEYSLOT - matches cluster-key-slot on random binary keys (Buffer input)', () => {
    const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
    const braced = fc
      .tuple(bytes, bytes, bytes)
      .map(([a, b, c]) => Buffer.concat([a, Buffer.from('{'), b, Buffer.from('}'), c]));
    fc.assert(
      fc.property(fc.oneof(bytes, braced), (key) => {
        fc.pre(!emptyFirstTag(key));
        expect(keySlot(key.toString('latin1'))).toBe(calculateSlot(key));
      }),
      { numRuns: 5000 },
    );
  });

  it('KEYSLOT - hash tags, as the Redis Cluster specification examples', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
    expect(keySlot('123456789')).toBe(0x31c3 & 16383);
  });
});
