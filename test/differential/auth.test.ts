import { it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';

/** The client id in a HELLO reply differs between servers. */
const helloId = (reply: string) => reply.replace(/(\$2\r\nid\r\n):\d+\r\n/, '$1:ID\r\n');

describeDifferential(
  'authentication with requirepass against redis-server',
  (d) => {
    it('NOAUTH - nothing but AUTH, HELLO, QUIT and RESET runs before AUTH', async () => {
      await d.same([['PING'], ['GET', 'k'], ['SET', 'k', 'v'], ['SELECT', '1'], ['ECHO', 'x'], ['DBSIZE'], ['INFO'], ['FLUSHALL'], ['TIME'], ['DEL', 'k'], ['EXISTS', 'k']]);
    });

    it('NOAUTH - unknown commands and wrong arity before AUTH', async () => {
      await d.same([['NOSUCH', 'a'], ['GET'], ['SET', 'k'], ['PING', 'a', 'b']]);
    });

    it('AUTH - wrong and right passwords', async () => {
      await d.same([
        ['AUTH', 'wrong'],
        ['AUTH', 'default', 'wrong'],
        ['AUTH', 'nobody', 'secret'],
        ['AUTH', 'a', 'b', 'c'],
        ['AUTH', ''],
        ['GET', 'k'],
        ['AUTH', 'secret'],
        ['SET', 'k', 'v'],
        ['GET', 'k'],
        ['AUTH', 'wrong'],
        ['GET', 'k'],
        ['AUTH', 'default', 'secret'],
      ]);
    });

    it('HELLO - AUTH inside HELLO', async () => {
      await d.same(
        [
          ['HELLO'],
          ['HELLO', '2'],
          ['HELLO', '2', 'AUTH', 'default', 'wrong'],
          ['HELLO', '2', 'AUTH', 'nobody', 'secret'],
          ['HELLO', '2', 'AUTH', 'default'],
          ['HELLO', '2', 'SETNAME', 'x'],
          ['HELLO', '5', 'AUTH', 'default', 'secret'],
          ['GET', 'k'],
          ['HELLO', '2', 'AUTH', 'default', 'secret', 'SETNAME', 'me'],
          ['GET', 'k'],
        ],
        { normalize: helloId },
      );
    });

    it('RESET and QUIT before and after AUTH', async () => {
      await d.same([['RESET'], ['AUTH', 'secret'], ['PING'], ['RESET'], ['PING'], ['QUIT']]);
    });
  },
  { ours: { config: { requirepass: 'secret' } }, redisArgs: ['--requirepass', 'secret'] },
);

describeDifferential('authentication without a password against redis-server', (d) => {
  it('AUTH - without requirepass', async () => {
    await d.same([['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'other', 'x'], ['AUTH', 'a', 'b', 'c'], ['PING']]);
  });

  it('HELLO - AUTH without requirepass', async () => {
    await d.same([['HELLO', '2', 'AUTH', 'default', 'any'], ['HELLO', '2', 'AUTH', 'other', 'x'], ['HELLO', '2', 'AUTH', 'default', 'x', 'SETNAME', 'a b']], {
      normalize: helloId,
    });
  });
});
