import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeDifferential, sortArrayReply, type Step } from '../helpers/diff.js';
import { RawConnection } from '../helpers/resp.js';

/** Keys chosen to exercise every glob feature: classes, ranges, escapes, high bytes. */
const GLOB_KEYS = [
  'hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'h*llo', 'h?llo', 'h[a]llo', 'h\\llo', 'a', 'b', 'ab', 'abc', 'abcd',
  'foo:1', 'foo:2', 'foo:10', 'foo:bar', 'bar:foo', 'x-y', 'x]y', 'x^y', 'ß', 'k\xe9y', '\xff', '\x00nul', '', 'A', 'Z', 'z', '-', ']', '^', '[',
];

const GLOB_PATTERNS = [
  '*', '**', '?', '??', '???', 'h?llo', 'h*llo', 'h*', '*o', '*l*', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo',
  'h[^a-e]llo', 'h\\*llo', 'h\\?llo', 'h\\[a]llo', 'h\\\\llo', 'foo:*', 'foo:?', 'foo:[0-9]', 'foo:[0-9]*', 'foo:[^0-9]*',
  '*:*', '[a-c]*', '[c-a]', '[abc', 'h[', '[', ']', '[]]', '[]', '[^]', '[^]]*', 'x[\\]]y', 'x[\\^]y', 'x[-]y', 'x[a-]y',
  '[\\', '\\', 'x\\', '*\\', 'a*b*c*d', '*a*a*a*a*b', '[A-Z]', '[a-z]', '[Z-a]', '[\xe0-\xff]*', '[a-\xff]*', 'k[\xe9]y',
  '\x00*', '*\x00*', '[\x00-a]*', '?*', '*?', '[[]', '\\[', 'ab\\', 'h[a\\]llo', '[^a-z]*', '*[^a]', 'abc*d', 'a?c*',
];

describeDifferential('key commands against redis-server', (d) => {
  it('KEYS - glob patterns match exactly as Redis', async () => {
    const steps: Step[] = GLOB_KEYS.map((k) => ['SET', k, 'v']);
    for (const p of GLOB_PATTERNS) steps.push(['KEYS', p]);
    await d.same(steps, { normalize: sortArrayReply });
  });

  it('KEYS - random patterns over random keys match as Redis', async () => {
    const chars = (alphabet: string[], max: number) => fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((a) => a.join(''));
    const keys = fc.sample(chars(['a', 'b', 'c', '-', ']', '[', '^', '\\', '*', '\xe9', '\xff'], 4), { numRuns: 60, seed: 7 });
    const patterns = fc.sample(chars(['a', 'b', 'c', '*', '?', '[', ']', '^', '-', '\\', '\xe9', '\xff'], 7), { numRuns: 300, seed: 11 });
    const steps: Step[] = [...new Set(keys)].map((k) => ['SET', k, 'v']);
    for (const p of patterns) steps.push(['KEYS', p]);
    await d.same(steps, { normalize: sortArrayReply });
  });

  it('DEL, UNLINK, EXISTS, TOUCH, TYPE', async () => {
    await d.same([
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['EXISTS', 'a', 'b', 'a', 'nokey'],
      ['TOUCH', 'a', 'nokey', 'b'],
      ['TYPE', 'a'],
      ['TYPE', 'nokey'],
      ['DEL', 'a', 'a', 'nokey'],
      ['UNLINK', 'b', 'nokey'],
      ['EXISTS', 'a', 'b'],
      ['DEL'],
      ['UNLINK'],
      ['EXISTS'],
      ['TOUCH'],
      ['TYPE'],
      ['TYPE', 'a', 'b'],
    ]);
  });

  it('RENAME and RENAMENX, with TTLs carried', async () => {
    await d.same([
      ['RENAME', 'nokey', 'x'],
      ['RENAMENX', 'nokey', 'x'],
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'a'],
      ['RENAMENX', 'a', 'a'],
      ['PEXPIRE', 'a', '100000'],
      ['RENAME', 'a', 'b'],
      ['EXISTS', 'a'],
      ['GET', 'b'],
      ['SET', 'c', '3'],
      ['RENAMENX', 'b', 'c'],
      ['RENAMENX', 'b', 'd'],
      ['RENAME', 'c', 'd'],
      ['GET', 'd'],
      ['TTL', 'd'],
      ['RENAME', 'a'],
    ]);
    await d.same([['SET', 'a', '1'], ['EXPIRE', 'a', '1000'], ['RENAME', 'a', 'b'], ['TTL', 'b'], ['PERSIST', 'b'], ['RENAME', 'b', 'a'], ['TTL', 'a']]);
  });

  it('COPY - DB and REPLACE options and errors', async () => {
    await d.same([
      ['COPY', 'nokey', 'x'],
      ['SET', 'a', 'v'],
      ['COPY', 'a', 'a'],
      ['COPY', 'a', 'a', 'DB', '0'],
      ['COPY', 'a', 'a', 'DB', '1'],
      ['COPY', 'a', 'b'],
      ['COPY', 'a', 'b'],
      ['SET', 'a', 'w'],
      ['COPY', 'a', 'b', 'REPLACE'],
      ['GET', 'b'],
      ['COPY', 'a', 'b', 'db', '2', 'replace'],
      ['COPY', 'a', 'b', 'DB', 'x'],
      ['COPY', 'a', 'b', 'DB', '99'],
      ['COPY', 'a', 'b', 'DB', '-1'],
      ['COPY', 'a', 'b', 'DB', '99999999999'],
      ['COPY', 'a', 'b', 'DB'],
      ['COPY', 'a', 'b', 'FOO'],
      ['COPY', 'a', 'b', 'REPLACE', 'DB', '99'],
      ['EXPIRE', 'a', '500'],
      ['COPY', 'a', 'c'],
      ['TTL', 'c'],
      ['SELECT', '2'],
      ['GET', 'b'],
      ['COPY', 'a'],
    ]);
  });

  it('MOVE - databases, errors and TTLs', async () => {
    await d.same([
      ['MOVE', 'nokey', '1'],
      ['SET', 'a', 'v'],
      ['MOVE', 'a', '0'],
      ['MOVE', 'a', 'x'],
      ['MOVE', 'a', '16'],
      ['MOVE', 'a', '-1'],
      ['MOVE', 'a', '99999999999'],
      ['EXPIRE', 'a', '100'],
      ['MOVE', 'a', '1'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'again'],
      ['MOVE', 'a', '1'],
      ['SELECT', '1'],
      ['GET', 'a'],
      ['TTL', 'a'],
      ['MOVE', 'a'],
    ]);
  });

  it('SWAPDB - clients of either database see the swapped data', async () => {
    await d.same([
      ['SET', 'a', 'in0'],
      ['SELECT', '1'],
      ['SET', 'b', 'in1'],
      ['SWAPDB', '0', '1'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['DBSIZE'],
      ['SWAPDB', '1', '1'],
      ['SWAPDB', 'x', '1'],
      ['SWAPDB', '1', 'x'],
      ['SWAPDB', 'x', 'y'],
      ['SWAPDB', '0', '16'],
      ['SWAPDB', '-1', '0'],
      ['SWAPDB', '99999999999', '0'],
      ['SWAPDB', '0'],
      ['SELECT', '0'],
      ['GET', 'b'],
      ['INFO', 'keyspace'],
    ]);
  });

  it('RANDOMKEY - empty, one key, and never an expired key', async () => {
    await d.same([['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY'], ['RANDOMKEY', 'x']]);
  });

  it('SCAN - cursor errors and options', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 30; i++) steps.push(['SET', `key:${i}`, String(i)]);
    steps.push(
      ['SCAN', '0', 'COUNT', '1000'],
      ['SCAN', '0', 'MATCH', 'key:1*', 'COUNT', '1000'],
      ['SCAN', '0', 'match', '*', 'count', '1000'],
      ['SCAN', '0', 'TYPE', 'string', 'COUNT', '1000'],
      ['SCAN', '0', 'TYPE', 'STRING', 'COUNT', '1000', 'MATCH', 'key:2?'],
      ['SCAN', '0', 'TYPE', 'list', 'COUNT', '1000'],
      ['SCAN', '0', 'TYPE', 'nosuchtype', 'COUNT', '1000'],
      ['SCAN', '', 'COUNT', '1000', 'MATCH', 'key:3'],
      ['SCAN', '+0', 'COUNT', '1000', 'MATCH', 'key:3'],
      ['SCAN', 'abc'],
      ['SCAN', ' 0'],
      ['SCAN', '0 '],
      ['SCAN', '0x1'],
      ['SCAN', '1.5'],
      ['SCAN', '18446744073709551616'],
      ['SCAN', '-18446744073709551616'],
      ['SCAN', '0', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '-1'],
      ['SCAN', '0', 'COUNT', 'x'],
      ['SCAN', '0', 'COUNT', '99999999999999999999'],
      ['SCAN', '0', 'COUNT'],
      ['SCAN', '0', 'MATCH'],
      ['SCAN', '0', 'TYPE'],
      ['SCAN', '0', 'FOO', 'bar'],
      ['SCAN', 'x', 'FOO'],
      ['SCAN'],
    );
    await d.same(steps, { normalize: sortArrayReply });
  });

  it('OBJECT - ENCODING after APPEND, SETRANGE and INCRBYFLOAT', async () => {
    await d.same([
      ['APPEND', 'fresh', '12'],
      ['OBJECT', 'ENCODING', 'fresh'],
      ['APPEND', 'fresh', '3'],
      ['OBJECT', 'ENCODING', 'fresh'],
      ['SETRANGE', 'sr', '0', 'abc'],
      ['OBJECT', 'ENCODING', 'sr'],
      ['SET', 'n', '10'],
      ['SETRANGE', 'n', '0', '2'],
      ['OBJECT', 'ENCODING', 'n'],
      ['INCRBYFLOAT', 'f', '1.5'],
      ['OBJECT', 'ENCODING', 'f'],
      ['INCRBYFLOAT', 'f', '1.5'],
      ['OBJECT', 'ENCODING', 'f'],
      ['INCRBYFLOAT', 'g', '1e40'],
      ['OBJECT', 'ENCODING', 'g'],
      ['INCR', 'fresh'],
      ['OBJECT', 'ENCODING', 'fresh'],
      ['SET', 'sr', 'abc'],
      ['OBJECT', 'ENCODING', 'sr'],
    ]);
  });

  it('OBJECT - ENCODING, REFCOUNT, errors and HELP', async () => {
    await d.same([
      ['SET', 'i', '12345'],
      ['SET', 'small', '7'],
      ['SET', 'neg', '-9223372036854775808'],
      ['SET', 'big', '9223372036854775808'],
      ['SET', 'lead0', '0123'],
      ['SET', 'plus', '+1'],
      ['SET', 'e44', 'x'.repeat(44)],
      ['SET', 'r45', 'x'.repeat(45)],
      ['SET', 'i21', '-1234567890123456789'],
      ['OBJECT', 'ENCODING', 'i'],
      ['OBJECT', 'ENCODING', 'small'],
      ['OBJECT', 'ENCODING', 'neg'],
      ['OBJECT', 'ENCODING', 'big'],
      ['OBJECT', 'ENCODING', 'lead0'],
      ['OBJECT', 'ENCODING', 'plus'],
      ['OBJECT', 'ENCODING', 'e44'],
      ['OBJECT', 'ENCODING', 'r45'],
      ['OBJECT', 'ENCODING', 'i21'],
      ['OBJECT', 'encoding', 'nokey'],
      ['OBJECT', 'REFCOUNT', 'small'],
      ['OBJECT', 'REFCOUNT', 'i'],
      ['OBJECT', 'REFCOUNT', 'e44'],
      ['OBJECT', 'REFCOUNT', 'nokey'],
      ['OBJECT', 'FREQ', 'i'],
      ['OBJECT', 'FREQ', 'nokey'],
      ['OBJECT', 'IDLETIME', 'nokey'],
      ['OBJECT', 'IDLETIME', 'i'],
      ['OBJECT', 'HELP'],
      ['OBJECT', 'help', 'x'],
      ['OBJECT', 'ENCODING'],
      ['OBJECT', 'ENCODING', 'a', 'b'],
      ['OBJECT', 'NOSUCH', 'x'],
      ['OBJECT'],
      ['RENAME', 'r45', 'moved'],
      ['OBJECT', 'ENCODING', 'moved'],
      ['COPY', 'i', 'copied'],
      ['OBJECT', 'ENCODING', 'copied'],
    ]);
  });

  it('MEMORY USAGE options and HELP', async () => {
    const sizeless = (r: string) => r.replace(/^:\d+\r\n$/, ':N\r\n');
    await d.same(
      [
        ['SET', 'k', 'v'],
        ['MEMORY', 'USAGE', 'k'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES', '0'],
        ['MEMORY', 'usage', 'k', 'samples', '5'],
        ['MEMORY', 'USAGE', 'nokey'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
        ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
        ['MEMORY', 'USAGE', 'k', 'FOO'],
        ['MEMORY', 'USAGE'],
        ['MEMORY', 'HELP'],
        ['MEMORY'],
      ],
      { normalize: sizeless },
    );
  });

  it('random sequences of key and expire commands give identical replies', async () => {
    const key = fc.constantFrom('a', 'b', 'c', '{t}d');
    const db = fc.constantFrom('0', '1', '2', '99', 'x');
    // Deadlines are absolute or far away, so no reply depends on when a command runs.
    const at = fc.constantFrom('4102444800', '4102444900', '1', '-5');
    const command: fc.Arbitrary<string[]> = fc.oneof(
      fc.tuple(fc.constant('SET'), key, fc.constantFrom('1', 'v', 'x'.repeat(50))),
      fc.tuple(fc.constant('SET'), key, fc.constant('v'), fc.constantFrom('KEEPTTL', 'NX', 'XX', 'GET')),
      fc.tuple(fc.constantFrom('GET', 'TYPE', 'TTL', 'EXPIRETIME', 'PERSIST', 'EXISTS', 'DEL', 'UNLINK', 'TOUCH'), key),
      fc.tuple(fc.constantFrom('RENAME', 'RENAMENX', 'COPY'), key, key),
      fc.tuple(fc.constant('COPY'), key, key, fc.constant('DB'), db, fc.constantFrom('REPLACE', 'replace')),
      fc.tuple(fc.constant('MOVE'), key, db),
      fc.tuple(fc.constant('SWAPDB'), db, db),
      fc.tuple(fc.constant('SELECT'), fc.constantFrom('0', '1', '2')),
      fc.tuple(fc.constantFrom('EXPIREAT', 'PEXPIREAT'), key, at, fc.constantFrom('NX', 'XX', 'GT', 'LT', 'NX', 'FOO')),
      fc.tuple(fc.constantFrom('EXPIRE', 'PEXPIRE'), key, fc.constantFrom('1000', '-1', '0', 'x')),
      fc.tuple(fc.constant('OBJECT'), fc.constantFrom('ENCODING', 'REFCOUNT'), key),
      fc.constantFrom(['DBSIZE'], ['KEYS', '*'], ['KEYS', '[ab]'], ['SCAN', '0', 'COUNT', '100']),
    );
    const sequences = fc.sample(fc.array(command, { minLength: 10, maxLength: 40 }), { numRuns: 25, seed: 42 });
    for (const seq of sequences) await d.same([['FLUSHALL'], ...seq], { normalize: sortArrayReply });
  });

  it('keyspace hits and misses are counted like Redis', async () => {
    const steps = [
      ['SET', 'a', '1'],
      ['EXISTS', 'a', 'x'],
      ['TYPE', 'a'],
      ['TYPE', 'x'],
      ['TOUCH', 'a', 'x'],
      ['TTL', 'a'],
      ['PTTL', 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ['COPY', 'a', 'b'],
      ['RENAME', 'b', 'c'],
      ['EXPIRE', 'a', '100'],
      ['SCAN', '0', 'TYPE', 'string'],
      ['MEMORY', 'USAGE', 'a'],
    ];
    const deltas = await Promise.all(
      [d.ourPort(), d.redisPort()].map(async (port) => {
        const c = await RawConnection.open(port);
        const read = async () => /keyspace_hits:(\d+)\r\nkeyspace_misses:(\d+)/.exec(await c.call('INFO', 'stats'))!.slice(1).map(Number);
        const before = await read();
        for (const step of steps) await c.call(...step);
        const after = await read();
        c.close();
        return after.map((n, i) => n - before[i]!);
      }),
    );
    expect(deltas[0]).toEqual(deltas[1]);
  });
});

describeDifferential(
  'OBJECT under maxmemory with an LFU policy against redis-server',
  (d) => {
  it('OBJECT FREQ and IDLETIME under an LFU policy', async () => {
    await d.same([
      ['SET', 'k', 'v'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['OBJECT', 'IDLETIME', 'nokey'],
      ['OBJECT', 'FREQ', 'nokey'],
      ['OBJECT', 'REFCOUNT', 'k'],
      ['SET', 'n', '5'],
      ['OBJECT', 'REFCOUNT', 'n'],
      ['OBJECT', 'ENCODING', 'n'],
    ]);
  });

  },
  // With maxmemory set, an LRU/LFU policy stops Redis sharing small integers (REFCOUNT 1).
  { ours: { config: { maxmemory: '100mb', 'maxmemory-policy': 'allkeys-lfu' } }, redisArgs: ['--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lfu'] },
);
