import { it } from 'vitest';
import { describeDifferential, type Step } from '../helpers/diff.js';

/** PTTL and friends count down between the two servers: compare them to the nearest second. */
const roundMs = (r: string) => r.replace(/^:(\d{4,9})\r\n$/, (_, n: string) => `:~${Math.round(Number(n) / 1000)}s\r\n`);

/** A deadline far in the future, as seconds and ms, so absolute-time replies are deterministic. */
const FUTURE_S = '4102444800'; // 2100-01-01
const FUTURE_MS = '4102444800123';

describeDifferential('expire commands against redis-server', (d) => {
  it('EXPIRE - option and argument errors', async () => {
    const steps: Step[] = [['SET', 'k', 'v']];
    for (const cmd of ['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']) {
      steps.push(
        [cmd, 'k', '100', 'NX', 'XX'],
        [cmd, 'k', '100', 'NX', 'GT'],
        [cmd, 'k', '100', 'lt', 'nx'],
        [cmd, 'k', '100', 'GT', 'LT'],
        [cmd, 'k', '100', 'XX', 'GT', 'LT'],
        [cmd, 'k', '100', 'NX', 'XX', 'GT', 'LT'],
        [cmd, 'k', '100', 'FOO'],
        [cmd, 'k', '100', 'NX', 'bar baz'],
        [cmd, 'k', 'abc'],
        [cmd, 'k', 'abc', 'FOO'],
        [cmd, 'k', 'abc', 'NX', 'XX'],
        [cmd, 'k', '1.5'],
        [cmd, 'k', ''],
        [cmd, 'k', '9223372036854775808'],
        [cmd, 'k', '9223372036854775807'],
        [cmd, 'k', '9223372036854775'],
        [cmd, 'k', '9223372036854776'],
        [cmd, 'k', '-9223372036854776'],
        [cmd, 'nokey', '100', 'FOO'],
        [cmd, 'k'],
      );
    }
    steps.push(['TTL', 'k'], ['EXPIRE', 'k', '100', 'NX\r\nX']);
    await d.same(steps);
  });

  it('EXPIRE - NX XX GT LT on keys with and without a TTL', async () => {
    await d.same(
      [
        ['EXPIRE', 'nokey', '100'],
        ['EXPIRE', 'nokey', '100', 'NX'],
        ['SET', 'k', 'v'],
        ['EXPIRE', 'k', '100', 'XX'],
        ['EXPIRE', 'k', '100', 'GT'],
        ['TTL', 'k'],
        ['EXPIRE', 'k', '100', 'LT'],
        ['TTL', 'k'],
        ['EXPIRE', 'k', '200', 'NX'],
        ['EXPIRE', 'k', '200', 'XX'],
        ['TTL', 'k'],
        ['EXPIRE', 'k', '100', 'GT'],
        ['EXPIRE', 'k', '201', 'GT'],
        ['EXPIRE', 'k', '300', 'gt'],
        ['TTL', 'k'],
        ['EXPIRE', 'k', '400', 'LT'],
        ['EXPIRE', 'k', '300', 'LT'],
        ['EXPIRE', 'k', '50', 'lt', 'xx'],
        ['TTL', 'k'],
        ['PEXPIRE', 'k', '70000', 'GT', 'XX'],
        ['PTTL', 'k'],
        ['EXPIREAT', 'k', FUTURE_S, 'GT'],
        ['EXPIRETIME', 'k'],
        ['PEXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', FUTURE_MS, 'LT'],
        ['PEXPIREAT', 'k', FUTURE_MS, 'GT'],
        ['PEXPIRETIME', 'k'],
        ['EXPIRETIME', 'k'],
        ['EXPIRE', 'k', '1', 'GT'],
        ['PERSIST', 'k'],
        ['PERSIST', 'k'],
        ['EXPIRE', 'k', '-1', 'GT'],
        ['EXISTS', 'k'],
        ['EXPIRE', 'k', '-1', 'LT'],
        ['EXISTS', 'k'],
      ],
      { normalize: roundMs },
    );
  });

  it('EXPIRE - a negative or past deadline deletes the key and replies 1', async () => {
    await d.same([
      ['SET', 'a', 'v'],
      ['EXPIRE', 'a', '-1'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'v'],
      ['EXPIRE', 'a', '0'],
      ['GET', 'a'],
      ['SET', 'a', 'v'],
      ['PEXPIRE', 'a', '-9223372036854775808'],
      ['SET', 'a', 'v'],
      ['EXPIREAT', 'a', '1'],
      ['SET', 'a', 'v'],
      ['EXPIREAT', 'a', '-9223372036854775'],
      ['SET', 'a', 'v'],
      ['PEXPIREAT', 'a', '0'],
      ['SET', 'a', 'v'],
      ['PEXPIREAT', 'a', '1000', 'NX'],
      ['EXISTS', 'a'],
      ['EXPIRE', 'a', '-5'],
      ['DBSIZE'],
    ]);
  });

  it('TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST', async () => {
    await d.same(
      [
        ['TTL', 'nokey'],
        ['PTTL', 'nokey'],
        ['EXPIRETIME', 'nokey'],
        ['PEXPIRETIME', 'nokey'],
        ['PERSIST', 'nokey'],
        ['SET', 'k', 'v'],
        ['TTL', 'k'],
        ['PTTL', 'k'],
        ['EXPIRETIME', 'k'],
        ['PEXPIRETIME', 'k'],
        ['PERSIST', 'k'],
        ['EXPIRE', 'k', '100'],
        ['TTL', 'k'],
        ['PTTL', 'k'],
        ['PEXPIRE', 'k', '2400'],
        ['TTL', 'k'],
        ['PEXPIREAT', 'k', '4102444800499'],
        ['EXPIRETIME', 'k'],
        ['PEXPIREAT', 'k', '4102444800500'],
        ['EXPIRETIME', 'k'],
        ['PEXPIRETIME', 'k'],
        ['PERSIST', 'k'],
        ['TTL', 'k'],
        ['TTL'],
        ['PTTL', 'a', 'b'],
        ['PERSIST'],
        ['EXPIRETIME'],
        ['PEXPIRETIME', 'a', 'b'],
      ],
      { normalize: roundMs },
    );
  });

  it('SET drops a TTL unless KEEPTTL; RENAME keeps it', async () => {
    await d.same(
      [
        ['SET', 'k', 'v', 'EX', '100'],
        ['SET', 'k', 'w'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'PX', '100000'],
        ['SET', 'k', 'w', 'KEEPTTL'],
        ['TTL', 'k'],
        ['SET', 'k', 'x', 'XX', 'KEEPTTL', 'GET'],
        ['PTTL', 'k'],
        ['RENAME', 'k', 'j'],
        ['TTL', 'j'],
        ['SET', 'k', 'v', 'EXAT', FUTURE_S],
        ['EXPIRETIME', 'k'],
        ['SET', 'k', 'v', 'PXAT', FUTURE_MS],
        ['PEXPIRETIME', 'k'],
      ],
      { normalize: roundMs },
    );
  });

  it('expired keys are invisible: PX 1 then wait', async () => {
    await d.same([['SET', 'gone', 'v', 'PX', '1'], ['SET', 'stays', 'v'], ['PEXPIRE', 'stays2', '1']]);
    await new Promise((r) => setTimeout(r, 20));
    await d.same([
      ['GET', 'gone'],
      ['EXISTS', 'gone'],
      ['TTL', 'gone'],
      ['PTTL', 'gone'],
      ['KEYS', '*'],
      ['SCAN', '0'],
      ['RANDOMKEY'],
      ['RANDOMKEY'],
      ['TYPE', 'gone'],
      ['PERSIST', 'gone'],
      ['EXPIRE', 'gone', '100'],
      ['DBSIZE'],
    ]);
  });
});
