import fc from 'fast-check';
import { expect, it } from 'vitest';
import { approxInt, describeDifferential, type Step } from '../helpers/diff.js';
import { RawConnection } from '../helpers/resp.js';

const LLONG_MAX = '9223372036854775807';
const LLONG_MIN = '-9223372036854775808';

describeDifferential('string commands against redis-server', (d) => {
  it('SET - every option, conflict and expire error', async () => {
    await d.same([
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'w', 'XX', 'GET'],
      ['SET', 'none', 'w', 'XX'],
      ['SET', 'none', 'w', 'XX', 'GET'],
      ['SET', 'k', 'v', 'nx', 'xx'],
      ['SET', 'k', 'v', 'NX', 'NX'],
      ['SET', 'k', 'v', 'GET', 'GET'],
      ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '10'],
      ['SET', 'k', 'v', 'PX', '10', 'EXAT', '10'],
      ['SET', 'k', 'v', 'EXAT', '4102444800', 'PXAT', '10'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
      ['SET', 'k', 'v', 'PXAT', '4102444800000', 'KEEPTTL'],
      ['SET', 'k', 'v', 'KEEPTTL', 'GET'],
      ['SET', 'k', 'v', 'PERSIST'],
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'PX', '-1'],
      ['SET', 'k', 'v', 'EXAT', '0'],
      ['SET', 'k', 'v', 'EX', 'ten'],
      ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', '9223372036854776'],
      ['SET', 'k', 'v', 'PX', LLONG_MAX],
      ['SET', 'k', 'v', 'PXAT', LLONG_MAX],
      ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
      ['SET', 'k', 'v', 'EX', '1\0'],
      ['SET', 'k', 'v', 'NX\0junk'],
      ['SET', 'k', 'v', 'xx\0', 'get\0'],
      ['SET', 'k', 'v', 'NXX'],
      ['SET', 'gone', 'v', 'PXAT', '1'],
      ['GET', 'gone'],
      ['SET', 'k', 'v', 'EXAT', '1', 'GET'],
      ['GET', 'k'],
      ['SET', 'k'],
    ]);
  });

  it('SETNX, SETEX and PSETEX', async () => {
    await d.same([
      ['SETNX', 'k', 'a'],
      ['SETNX', 'k', 'b'],
      ['GET', 'k'],
      ['SETNX', 'k'],
      ['SETEX', 'e', '100', 'v'],
      ['GET', 'e'],
      ['SETEX', 'e', '0', 'v'],
      ['SETEX', 'e', '-1', 'v'],
      ['SETEX', 'e', 'x', 'v'],
      ['SETEX', 'e', '9223372036854775', 'v'],
      ['SETEX', 'e', '9223372036854776', 'v'],
      ['SETEX', 'e', LLONG_MAX, 'v'],
      ['SETEX', 'e', '10'],
      ['PSETEX', 'p', '100000', 'v'],
      ['PSETEX', 'p', '0', 'v'],
      ['PSETEX', 'p', LLONG_MAX, 'v'],
      ['PSETEX', 'p', '1e3', 'v'],
      ['PSETEX', 'p', '10', 'v', 'x'],
    ]);
  });

  it('GETSET, GETDEL and GETEX', async () => {
    await d.same([
      ['GETSET', 'k', 'a'],
      ['GETSET', 'k', 'b'],
      ['GET', 'k'],
      ['GETSET', 'k'],
      ['GETDEL', 'k'],
      ['GETDEL', 'k'],
      ['EXISTS', 'k'],
      ['GETDEL', 'k', 'x'],
      ['SET', 'g', 'v'],
      ['GETEX', 'g'],
      ['GETEX', 'g', 'EX', '100'],
      ['GETEX', 'g', 'px', '100000'],
      ['GETEX', 'g', 'ExAt', '4102444800'],
      ['GETEX', 'g', 'PXAT', '4102444800000'],
      ['GETEX', 'g', 'PERSIST'],
      ['GETEX', 'g', 'PERSIST', 'PERSIST'],
      ['GETEX', 'g', 'EX', '10', 'EX', '20'],
      ['GETEX', 'g', 'EX', '10', 'PX', '10'],
      ['GETEX', 'g', 'EX', '1', 'PERSIST'],
      ['GETEX', 'g', 'PERSIST', 'PXAT', '1'],
      ['GETEX', 'g', 'NX'],
      ['GETEX', 'g', 'GET'],
      ['GETEX', 'g', 'KEEPTTL'],
      ['GETEX', 'g', 'EX'],
      ['GETEX', 'g', 'EX', '0'],
      ['GETEX', 'g', 'PX', '-1'],
      ['GETEX', 'g', 'EXAT', 'abc'],
      ['GETEX', 'g', 'EXAT', '9223372036854776'],
      ['GETEX', 'g', 'PX', LLONG_MAX],
      ['GETEX', 'g', 'PXAT', LLONG_MAX],
      ['GETEX', 'g', 'persist\0x'],
      ['GETEX', 'missing', 'EX', '-1'],
      ['GETEX', 'missing', 'EXAT', 'abc'],
      ['GETEX', 'missing', 'BOGUS'],
      ['GETEX', 'g', 'EXAT', '1'],
      ['EXISTS', 'g'],
      ['SET', 'g', 'v'],
      ['GETEX', 'g', 'PXAT', '1'],
      ['GET', 'g'],
      ['GETEX'],
    ]);
  });

  it('MGET, MSET and MSETNX', async () => {
    await d.same([
      ['MSET', 'a', '1', 'b', '2'],
      ['MGET', 'a', 'b', 'c'],
      ['MSET', 'a'],
      ['MSET', 'a', '1', 'b'],
      ['MSET', 'a', 'x', 'a', 'y'],
      ['GET', 'a'],
      ['MSETNX', 'c', '3', 'a', 'x'],
      ['EXISTS', 'c'],
      ['MSETNX', 'c', '3', 'd', '4'],
      ['MSETNX', 'e', '5', 'e', '6'],
      ['GET', 'e'],
      ['MSETNX', 'f'],
      ['MSETNX', 'f', '1', 'g'],
      ['MGET', 'a', 'b', 'c', 'd', 'e', 'f'],
      ['MGET'],
    ]);
  });

  it('APPEND and STRLEN', async () => {
    await d.same([
      ['APPEND', 'k', 'hello'],
      ['APPEND', 'k', ' world'],
      ['APPEND', 'k', ''],
      ['GET', 'k'],
      ['APPEND', 'e', ''],
      ['EXISTS', 'e'],
      ['SET', 'n', '12'],
      ['APPEND', 'n', '34'],
      ['INCR', 'n'],
      ['STRLEN', 'k'],
      ['STRLEN', 'none'],
      ['APPEND', 'k'],
      ['STRLEN'],
    ]);
  });

  it('GETRANGE and SUBSTR - indexes, clamping and errors', async () => {
    const steps: Step[] = [['SET', 'k', 'Hello World'], ['SET', 'e', ''], ['SET', 'n', '1234']];
    const bounds = ['0', '4', '-1', '-5', '5', '2', '100', '-100', LLONG_MAX, LLONG_MIN, '-9223372036854775807'];
    for (const start of bounds) for (const end of ['0', '-1', '3', '-100', '100', LLONG_MIN, '-9223372036854775807']) steps.push(['GETRANGE', 'k', start, end]);
    steps.push(
      ['GETRANGE', 'e', '0', '-1'],
      ['GETRANGE', 'e', '-1', '0'],
      ['GETRANGE', 'n', '1', '2'],
      ['GETRANGE', 'none', '0', '1'],
      ['GETRANGE', 'k', 'a', '1'],
      ['GETRANGE', 'k', '0', '1.5'],
      ['GETRANGE', 'none', 'a', '1'],
      ['GETRANGE', 'k', '0', '9223372036854775808'],
      ['SUBSTR', 'k', '1', '3'],
      ['SUBSTR', 'k', '-3', '-1'],
      ['SUBSTR', 'k', 'x', '1'],
      ['SUBSTR', 'k', '1'],
      ['GETRANGE', 'k', '1'],
    );
    await d.same(steps);
  });

  it('SETRANGE - padding, offsets and the size limit', async () => {
    await d.same([
      ['SETRANGE', 'k', '5', 'abc'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '0', 'X'],
      ['SETRANGE', 'k', '2', 'ZZZZZZZZZZZZ'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '20', ''],
      ['SETRANGE', 'none', '20', ''],
      ['EXISTS', 'none'],
      ['SETRANGE', 'k', '-1', 'a'],
      ['SETRANGE', 'none', '-1', ''],
      ['SETRANGE', 'k', 'x', 'a'],
      ['SETRANGE', 'k', '1.5', 'a'],
      ['SETRANGE', 'k', '536870912', 'a'],
      ['SETRANGE', 'k', '536870911', ''],
      ['SETRANGE', 'none', '536870912', ''],
      ['SETRANGE', 'none', '536870912', 'a'],
      ['SETRANGE', 'k', LLONG_MAX, 'a'],
      ['SETRANGE', 'k', '9223372036854775808', 'a'],
      ['SET', 'n', '123'],
      ['SETRANGE', 'n', '1', '9'],
      ['INCR', 'n'],
      ['SETRANGE', 'k', '1'],
    ]);
  });

  it('INCR, DECR, INCRBY and DECRBY - int64 bounds and errors', async () => {
    await d.same([
      ['INCR', 'i'],
      ['INCR', 'i'],
      ['DECR', 'i'],
      ['DECR', 'j'],
      ['INCRBY', 'i', '10'],
      ['INCRBY', 'i', '-20'],
      ['DECRBY', 'i', '5'],
      ['DECRBY', 'i', '-5'],
      ...['x', '', ' 1', '1 ', '01', '-0', '+1', '1.0', '0x10', '9223372036854775808', '-9223372036854775809'].map((n) => ['INCRBY', 'i', n]),
      ['DECRBY', 'i', 'x'],
      ['SET', 'big', '9223372036854775806'],
      ['INCR', 'big'],
      ['INCR', 'big'],
      ['GET', 'big'],
      ['DECRBY', 'big', '-1'],
      ['INCRBY', 'big', LLONG_MIN],
      ['SET', 'small', '-9223372036854775807'],
      ['DECR', 'small'],
      ['DECR', 'small'],
      ['DECRBY', 'small', LLONG_MAX],
      ['DECRBY', 'small', LLONG_MIN],
      ['DECRBY', 'none', LLONG_MIN],
      ['EXISTS', 'none'],
      ['INCRBY', 'small', LLONG_MAX],
      ['INCRBY', 'small', LLONG_MAX],
      ['INCRBY', 'small', LLONG_MAX],
      ['SET', 'p', '9007199254740993'],
      ['INCR', 'p'],
      ['INCRBY', 'p', '9007199254740993'],
      ['DECRBY', 'p', '-4503599627370496'],
      ...['abc', ' 1', '1 ', '1.0', '-0', '007', '12345678901234567890', '', '1\0'].flatMap((v) => [
        ['SET', 's', v],
        ['INCR', 's'],
        ['DECRBY', 's', '1'],
      ]),
      ['INCR'],
      ['INCRBY', 'i'],
      ['DECR', 'i', 'x'],
    ]);
  });

  it('INCRBYFLOAT - long double sums and Redis formatting', async () => {
    const pairs: Array<[string, string]> = [
      ['10.5', '0.1'],
      ['3.0e3', '0'],
      ['5.0e3', '2.0e-2'],
      ['0.1', '0.2'],
      ['1e308', '1e308'],
      ['0', '1e4000'],
      ['1.18973149535723176502e+4932', '1e4932'],
      ['-1.1e4932', '-1.1e4932'],
      ['0', '0.000003814697265625'],
      ['0', '0.000011444091796875'],
      ['0', '-0.0'],
      ['0', '-0.000000000000000005'],
      ['0', '-0.000000000000000006'],
      ['1', '1e-4940'],
      ['0', '3.6e-4951'],
      ['0', '1.8e-4951'],
      ['9223372036854775807', '1'],
      ['123456789012345678901234567890', '0.5'],
      ['1.0000000000000000000001', '1e-17'],
      ['0x1.8p1', '0x.8'],
      ['+.5', '5.'],
      ['-5', '5'],
      ['00012.5000', '-2.5'],
      ['3.14159265358979323846264338327950288', '2.71828182845904523536'],
      ['0.1', '-0.1'],
      ['1e-10', '1e-10'],
      ['12345.6789', '-12345.6788'],
    ];
    const steps: Step[] = [];
    pairs.forEach(([value, incr], i) => steps.push(['SET', `f${i}`, value], ['INCRBYFLOAT', `f${i}`, incr], ['GET', `f${i}`]));
    for (const bad of ['', ' 1', '1 ', '.', '0x', '1e', 'nan', 'NaN', '-nan', 'infinit', '1e5000', '-1e5000', '1e-5000', '1.5\0abc', '\0', 'abc', '1,5']) {
      steps.push(['INCRBYFLOAT', 'x', bad], ['SET', 'bad', bad], ['INCRBYFLOAT', 'bad', '1']);
    }
    steps.push(
      ['INCRBYFLOAT', 'y', 'inf'],
      ['INCRBYFLOAT', 'y', '-INFINITY'],
      ['SET', 'y', 'inf'],
      ['INCRBYFLOAT', 'y', '-inf'],
      ['INCRBYFLOAT', 'y', '1'],
      ['SET', 'z', 'abc'],
      ['INCRBYFLOAT', 'z', 'abc'],
      ['INCRBYFLOAT', 'long', '1'.repeat(5119)],
      ['INCRBYFLOAT', 'long', '1'.repeat(5120)],
      ['INCRBYFLOAT', 'x'],
    );
    await d.same(steps);
  });

  it('INCRBYFLOAT - random operands agree with strtold and long double', async () => {
    const operand = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: -4960, max: 4940 })).map(([m, e]) => `${m}e${e}`),
      fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat()).map(([i, f]) => `${i}.${f}`),
    );
    const ops = fc.sample(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.boolean(), operand), { numRuns: 300, seed: 42 });
    await d.same(ops.flatMap(([key, set, n]) => (set ? [['SET', key, n]] : [['INCRBYFLOAT', key, n]])));
  });

  it('LCS - every option and error', async () => {
    const steps: Step[] = [
      ['MSET', 'a', 'ohmytext', 'b', 'mynewtext', 'x', 'ACCGGTCGAGTGCGCGGAAGCCGGCCGAA', 'y', 'GTCGTTCGGAATGCCGTTGCTCTGTAAA'],
      ['MSET', 'p', 'aaaa', 'q', 'aa', 'e', ''],
    ];
    for (const [k1, k2] of [['a', 'b'], ['x', 'y'], ['y', 'x'], ['x', 'x'], ['p', 'q'], ['q', 'p'], ['a', 'none'], ['none', 'e']]) {
      steps.push(['LCS', k1!, k2!], ['LCS', k1!, k2!, 'LEN'], ['LCS', k1!, k2!, 'IDX'], ['LCS', k1!, k2!, 'IDX', 'WITHMATCHLEN']);
      steps.push(['LCS', k1!, k2!, 'IDX', 'MINMATCHLEN', '3', 'WITHMATCHLEN']);
    }
    steps.push(
      ['LCS', 'a', 'b', 'minmatchlen', '4', 'idx'],
      ['LCS', 'a', 'b', 'MINMATCHLEN', '-5', 'IDX'],
      ['LCS', 'a', 'b', 'MINMATCHLEN', '2'],
      ['LCS', 'a', 'b', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'LEN', 'IDX'],
      ['LCS', 'a', 'b', 'IDX', 'LEN'],
      ['LCS', 'a', 'b', 'MINMATCHLEN'],
      ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'],
      ['LCS', 'a', 'b', 'BOGUS'],
      ['LCS', 'a', 'b', 'IdX\0zz'],
      ['LCS', 'a'],
    );
    await d.same(steps);
    await d.same(steps, { resp3: true });
  });

  it('RESP3 nulls of the string commands', async () => {
    await d.same(
      [
        ['GET', 'none'],
        ['GETDEL', 'none'],
        ['GETEX', 'none'],
        ['GETSET', 'none', 'v'],
        ['SET', 'none', 'w', 'GET'],
        ['SET', 'none', 'w', 'NX'],
        ['SET', 'other', 'w', 'XX'],
        ['MGET', 'none', 'other'],
        ['GETRANGE', 'other', '0', '1'],
        ['INCRBYFLOAT', 'f', '1.5'],
      ],
      { resp3: true },
    );
  });

  it('TTL effects - SET drops it unless KEEPTTL; INCR, APPEND, SETRANGE keep it; GETEX sets or clears it', async () => {
    const AT = '4102444800';
    const steps: string[][] = [
      ['SET', 'k', 'v', 'EXAT', AT],
      ['SET', 'k', 'w', 'KEEPTTL'],
      ['EXPIRETIME', 'k'],
      ['SET', 'k', 'x', 'GET', 'KEEPTTL'],
      ['EXPIRETIME', 'k'],
      ['SET', 'k', 'y'],
      ['EXPIRETIME', 'k'],
      ['SET', 'n', '1', 'PXAT', `${AT}123`],
      ['INCR', 'n'],
      ['DECRBY', 'n', '5'],
      ['INCRBYFLOAT', 'n', '0.5'],
      ['APPEND', 'n', '7'],
      ['SETRANGE', 'n', '0', '9'],
      ['SETRANGE', 'n', '0', ''],
      ['PEXPIRETIME', 'n'],
      ['GETSET', 'n', 'z'],
      ['PEXPIRETIME', 'n'],
      ['SET', 'm', '1', 'EXAT', AT],
      ['MSET', 'm', '2'],
      ['EXPIRETIME', 'm'],
      ['SET', 'g', 'v'],
      ['GETEX', 'g', 'EXAT', AT],
      ['EXPIRETIME', 'g'],
      ['GETEX', 'g', 'PXAT', `${AT}999`],
      ['PEXPIRETIME', 'g'],
      ['GETEX', 'g'],
      ['PEXPIRETIME', 'g'],
      ['GETEX', 'g', 'PERSIST'],
      ['EXPIRETIME', 'g'],
      ['GETEX', 'g', 'PERSIST'],
      ['GETEX', 'g', 'EX', '100'],
      ['TTL', 'g'],
      ['GETEX', 'g', 'PX', '50000'],
      ['TTL', 'g'],
      ['SETEX', 's', '100', 'v'],
      ['TTL', 's'],
      ['PSETEX', 's', '50000', 'v'],
      ['TTL', 's'],
      ['SET', 's', 'v', 'EX', '200', 'GET'],
      ['TTL', 's'],
      ['SETNX', 's', 'w'],
      ['TTL', 's'],
      ['GETDEL', 's'],
      ['TTL', 's'],
    ];
    await d.same(steps, { normalize: (reply, i) => (steps[i]![0] === 'TTL' ? approxInt(1)(reply) : reply) });
  });

  it('COMMAND INFO, DOCS and GETKEYS describe the string family as Redis does', async () => {
    const names = ['get', 'set', 'setnx', 'setex', 'psetex', 'getset', 'getdel', 'getex', 'mget', 'mset', 'msetnx', 'append', 'strlen'];
    names.push('getrange', 'substr', 'setrange', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'lcs');
    await d.same([
      ['COMMAND', 'INFO', ...names],
      ['COMMAND', 'DOCS', ...names],
      ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYS', 'LCS', 'a', 'b', 'IDX'],
      ['COMMAND', 'GETKEYS', 'GETEX', 'a', 'PERSIST'],
    ]);
  });

  it('keyspace hits, misses and expired keys are counted as Redis counts them', async () => {
    const steps: string[][] = [
      ['SET', 'k', 'v'],
      ['SET', 'gone', 'v', 'PXAT', '1'],
      ['GET', 'k'],
      ['GET', 'none'],
      ['SET', 'k', 'w', 'GET'],
      ['SET', 'none', 'w', 'NX', 'GET'],
      ['SETNX', 'k', 'x'],
      ['GETSET', 'k', 'y'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'missing'],
      ['MGET', 'k', 'none', 'missing'],
      ['MSETNX', 'k', '1', 'm', '2'],
      ['STRLEN', 'k'],
      ['STRLEN', 'missing'],
      ['GETRANGE', 'k', '0', '1'],
      ['GETRANGE', 'missing', '0', '1'],
      ['APPEND', 'k', 'z'],
      ['SETRANGE', 'k', '1', 'z'],
      ['INCR', 'n'],
      ['INCRBYFLOAT', 'n', '1'],
      ['LCS', 'k', 'missing', 'BOGUS'],
      ['GETDEL', 'k'],
      ['GETDEL', 'k'],
      ['GET', 'gone'],
      ['SET', 'over', 'v', 'PXAT', '1'],
      ['SET', 'over', 'w'],
      ['GET', 'over'],
    ];
    const counters = async (c: RawConnection) => {
      const text = await c.call('INFO', 'stats');
      return ['keyspace_hits', 'keyspace_misses', 'expired_keys'].map((f) => Number(new RegExp(`${f}:(\\d+)`).exec(text)![1]));
    };
    const deltas = await Promise.all(
      [d.ourPort(), d.redisPort()].map(async (port) => {
        const c = await RawConnection.open(port);
        const before = await counters(c);
        for (const step of steps) await c.call(...step);
        const after = await counters(c);
        c.close();
        return after.map((n, i) => n - before[i]!);
      }),
    );
    expect(deltas[0]).toEqual(deltas[1]);
  });

  it('random sequences of string commands give identical replies', async () => {
    const key = fc.constantFrom('a', 'b', 'c', '{a}d');
    const value = fc.constantFrom('', '0', '1', '-1', '10', '007', 'abc', 'hello world', '3.5', '1e3', LLONG_MAX, LLONG_MIN, ' 1', 'inf', '\0\xff');
    const int = fc.oneof(fc.integer({ min: -12, max: 12 }).map(String), fc.constantFrom(LLONG_MAX, LLONG_MIN, 'x', ''));
    const float = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.constantFrom('0.1', '-2.5', '1e308', 'inf', 'nan', 'abc'));
    const setOptions = fc
      .shuffledSubarray([['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['EX', '100'], ['PX', '100000'], ['EXAT', '4102444800'], ['PXAT', '1'], ['EX', '0'], ['EX', 'x']], { maxLength: 3 })
      .map((groups) => groups.flat());
    const getexOptions = fc.constantFrom([], ['PERSIST'], ['EX', '100'], ['PXAT', '1'], ['EXAT', '4102444800'], ['PX', '-1'], ['BOGUS'], ['PERSIST', 'EX', '5']);
    const lcsOptions = fc.shuffledSubarray([['LEN'], ['IDX'], ['WITHMATCHLEN'], ['MINMATCHLEN', '2']], { maxLength: 3 }).map((g) => g.flat());
    const command: fc.Arbitrary<string[]> = fc.oneof(
      fc.tuple(key, value, setOptions).map(([k, v, o]) => ['SET', k, v, ...o]),
      fc.tuple(key).map(([k]) => ['GET', k]),
      fc.tuple(key, value).map(([k, v]) => ['SETNX', k, v]),
      fc.tuple(fc.constantFrom('SETEX', 'PSETEX'), key, fc.constantFrom('100000', '0', '-1', 'x'), value).map((a) => [...a]),
      fc.tuple(key, value).map(([k, v]) => ['GETSET', k, v]),
      fc.tuple(key).map(([k]) => ['GETDEL', k]),
      fc.tuple(key, getexOptions).map(([k, o]) => ['GETEX', k, ...o]),
      fc.array(key, { minLength: 1, maxLength: 4 }).map((ks) => ['MGET', ...ks]),
      fc.tuple(fc.constantFrom('MSET', 'MSETNX'), fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 })).map(([c, kv]) => [c, ...kv.flat()]),
      fc.tuple(key, value).map(([k, v]) => ['APPEND', k, v]),
      fc.tuple(key).map(([k]) => ['STRLEN', k]),
      fc.tuple(fc.constantFrom('GETRANGE', 'SUBSTR'), key, int, int).map((a) => [...a]),
      fc.tuple(key, fc.oneof(fc.nat(12).map(String), fc.constantFrom('-1', 'x')), value).map(([k, o, v]) => ['SETRANGE', k, o, v]),
      fc.tuple(fc.constantFrom('INCR', 'DECR'), key).map((a) => [...a]),
      fc.tuple(fc.constantFrom('INCRBY', 'DECRBY'), key, int).map((a) => [...a]),
      fc.tuple(key, float).map(([k, f]) => ['INCRBYFLOAT', k, f]),
      fc.tuple(key, key, lcsOptions).map(([a, b, o]) => ['LCS', a, b, ...o]),
      fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => ['DEL', ...ks]),
      fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => ['EXISTS', ...ks]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        await d.same([['FLUSHALL'], ...commands]);
      }),
      { numRuns: 50 },
    );
  });
});

describeDifferential(
  'string size limits against redis-server (proto-max-bulk-len 1mb)',
  (d) => {
    it('APPEND, SETRANGE and LCS respect proto-max-bulk-len', async () => {
      const half = 'x'.repeat(512 * 1024);
      await d.same([
        ['APPEND', 'k', half],
        ['APPEND', 'k', half],
        ['APPEND', 'k', 'y'],
        ['APPEND', 'k', ''],
        ['STRLEN', 'k'],
        ['SETRANGE', 'k', String(1024 * 1024 - 1), 'z'],
        ['SETRANGE', 'k', String(1024 * 1024), 'z'],
        ['SETRANGE', 'k', String(1024 * 1024 - 1), 'zz'],
        ['SETRANGE', 'n', String(1024 * 1024), 'z'],
        ['SETRANGE', 'n', String(1024 * 1024), ''],
        ['MSET', 'a', 'x'.repeat(511), 'b', 'y'.repeat(511), 'c', 'x'.repeat(600)],
        ['LCS', 'a', 'b', 'LEN'],
        ['LCS', 'a', 'c', 'LEN'],
        ['LCS', 'c', 'c', 'LEN', 'IDX'],
      ]);
    });
  },
  { ours: { config: { 'proto-max-bulk-len': '1mb' } }, redisArgs: ['--proto-max-bulk-len', '1mb'] },
);
