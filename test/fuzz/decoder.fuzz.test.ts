import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOSE_SILENTLY, RequestDecoder } from '../../src/resp/decoder.js';

/**
 * Property tests of the request decoder: whatever the bytes and however they are split, it never
 * throws, and its outcome is a list of commands followed by nothing, by a wait for more input, or
 * by one of Redis's protocol errors.
 */

const PROTOCOL_ERRORS = new Set([
  'Protocol error: invalid multibulk length',
  'Protocol error: invalid bulk length',
  'Protocol error: too big mbulk count string',
  'Protocol error: too big bulk count string',
  'Protocol error: too big inline request',
  'Protocol error: unbalanced quotes in request',
  'Protocol error: unauthenticated multibulk length',
  'Protocol error: unauthenticated bulk length',
]);
const isRedisOutcome = (error: string | null) =>
  error === null || error === CLOSE_SILENTLY || PROTOCOL_ERRORS.has(error) || /^Protocol error: expected '\$', got '[^\r\n]'$/s.test(error);

interface Outcome {
  commands: string[][];
  error: string | null;
}

/**
 * Feeds `bytes` cut at `cuts`; with `stallEvery`, the sink asks the decoder to stop after every
 * n-th command and the test goes on with an empty feed, as a client whose replies must drain does.
 */
function decode(bytes: Uint8Array, cuts: number[] = [], authRequired = false, stallEvery = 0): Outcome {
  const d = new RequestDecoder({ maxBulkLen: 512 * 1024 * 1024, queryBufferLimit: 1024 * 1024 * 1024 });
  const commands: string[][] = [];
  let stalled = false;
  const sink = {
    authRequired,
    command(argv: string[]) {
      commands.push(argv);
      stalled = stallEvery > 0 && commands.length % stallEvery === 0;
      return !stalled;
    },
  };
  const buf = Buffer.from(bytes);
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, buf.length]) {
    let error = d.feed(buf.subarray(from, to), sink);
    while (error === null && stalled) {
      stalled = false;
      error = d.feed(Buffer.alloc(0), sink);
    }
    if (error !== null) return { commands, error };
    from = to;
  }
  return { commands, error: null };
}

const PROTOCOL_BYTES = [...'*$\r\n0123456789- "\'\\x'].map((c) => c.charCodeAt(0)).concat([0, 0xff]);
/** Bytes biased towards the ones the protocol gives meaning to. */
const protocolishBytes = fc.uint8Array({ maxLength: 400 }).chain((noise) =>
  fc.array(fc.oneof(fc.constantFrom(...PROTOCOL_BYTES), fc.integer({ min: 0, max: 255 })), { maxLength: 400 }).map((b) =>
    Uint8Array.from(noise.length % 2 ? b : [...noise.slice(0, 50), ...b]),
  ),
);
const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const argvs = fc.array(fc.array(latin1, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
const encode = (commands: string[][]) =>
  Buffer.from(commands.map((argv) => `*${argv.length}\r\n` + argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')).join(''), 'latin1');
const cuts = fc.array(fc.nat(), { maxLength: 6 });

describe('RequestDecoder fuzzing', () => {
  it('random bytes never throw and end in a Redis outcome, however they are split', () => {
    fc.assert(
      fc.property(protocolishBytes, cuts, fc.boolean(), (bytes, points, auth) => {
        const whole = decode(bytes, [], auth);
        expect(isRedisOutcome(whole.error), String(whole.error)).toBe(true);
        expect(decode(bytes, points, auth)).toEqual(whole);
      }),
      { numRuns: 1500 },
    );
  });

  it('valid frames decode to their commands at any split and with any stalls', () => {
    fc.assert(
      fc.property(argvs, cuts, fc.integer({ min: 0, max: 3 }), (commands, points, stall) => {
        expect(decode(encode(commands), points, false, stall)).toEqual({ commands, error: null });
      }),
      { numRuns: 500 },
    );
  });

  it('mutated valid frames never throw and end in a Redis outcome', () => {
    const mutation = fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), byte: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(argvs, fc.array(mutation, { minLength: 1, maxLength: 4 }), cuts, fc.nat(3), (commands, mutations, points, stall) => {
        const bytes = [...encode(commands)];
        for (const m of mutations) {
          const i = m.at % (bytes.length + 1);
          if (m.kind === 0) bytes[i] = m.byte;
          else if (m.kind === 1) bytes.splice(i, 0, m.byte);
          else if (m.kind === 2) bytes.splice(i, 1);
          else bytes.splice(i, 0, ...bytes.slice(i, i + 1 + (m.byte % 16)));
        }
        const mutated = Uint8Array.from(bytes);
        const whole = decode(mutated);
        expect(isRedisOutcome(whole.error), String(whole.error)).toBe(true);
        expect(decode(mutated, points, false, stall)).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it('extreme counts and lengths are refused or awaited, never trusted', () => {
    const number = fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.constantFrom(0n, -1n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), 512n * 1024n * 1024n + 1n),
    );
    fc.assert(
      fc.property(number, number, fc.boolean(), (count, len, auth) => {
        for (const frame of [`*${count}\r\n`, `*1\r\n$${len}\r\n`, `*${count}\r\n$${len}\r\nabc\r\n`]) {
          const { error } = decode(Buffer.from(frame), [], auth);
          expect(isRedisOutcome(error), String(error)).toBe(true);
        }
        const { error } = decode(Buffer.from(`*1\r\n$${len}\r\n`));
        const inRange = len >= 0n && len <= 512n * 1024n * 1024n && !/^-?0\d/.test(String(len));
        expect(error).toBe(inRange ? null : 'Protocol error: invalid bulk length');
      }),
      { numRuns: 1000 },
    );
  });
});
