import { expect, it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';

describeDifferential('core commands against redis-server', (d) => {
  it('PING, ECHO and unknown commands', async () => {
    await d.same([['PING'], ['ping', 'hello'], ['PING', 'a', 'b'], ['ECHO', 'x'], ['ECHO'], ['NOSUCH', 'a', 'b'], ['nosuch']]);
  });

  it('SET and GET with options', async () => {
    await d.same([
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', 'w', 'NX'],
      ['SET', 'k', 'w', 'XX', 'GET'],
      ['SET', 'k', 'v', 'NX', 'XX'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'PX', '-5'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '10'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k'],
      ['GET', 'nokey'],
      ['SET', 'k', 'v', 'EX', '9223372036854775807'],
    ]);
  });

  it('RESP3 nulls and HELLO errors', async () => {
    await d.same([['GET', 'missing'], ['HELLO', '4'], ['HELLO', 'x'], ['HELLO', '3', 'FOO']], { resp3: true });
  });

  it('protocol errors close the connection after the same reply', async () => {
    await d.sameUntilClose('PING\r\n*1\r\n$4\r\nPING\r\n*abc\r\n');
    await d.sameUntilClose("*1\r\nfoo\r\n");
    await d.sameUntilClose('"unbalanced\r\n');
    expect(await d.sameUntilClose('*1\r\n$-5\r\n')).toContain('invalid bulk length');
  });
});
