import { expect, it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';

/** Request framing, malformed frames and the connection-closing protocol errors (networking.c). */
describeDifferential('request protocol against redis-server', (d) => {
  it('invalid multibulk length', async () => {
    for (const count of ['abc', '', '-', '01', '+1', '1a', ' 1', '2147483648', '99999999999999999999', '9223372036854775808']) {
      expect(await d.sameUntilClose(`*${count}\r\n`)).toBe('-ERR Protocol error: invalid multibulk length\r\n');
    }
  });

  it("expected '$', got ...", async () => {
    await d.sameUntilClose('*1\r\nfoo\r\n');
    await d.sameUntilClose('*2\r\n$4\r\nECHO\r\n:5\r\n');
    await d.sameUntilClose('*1\r\n\r\n');
    await d.sameUntilClose('*1\r\n\n4\r\n');
    await d.sameUntilClose('*1\r\n\xff4\r\n');
  });

  it('invalid bulk length', async () => {
    for (const len of ['abc', '', '-1', '-0', '+4', '04', '536870913', '9223372036854775807', '99999999999999999999']) {
      expect(await d.sameUntilClose(`*1\r\n$${len}\r\n`)).toBe('-ERR Protocol error: invalid bulk length\r\n');
    }
  });

  it('too big count strings and inline requests', async () => {
    await d.sameUntilClose('*' + '1'.repeat(70_000));
    await d.sameUntilClose('*1\r\n$' + '1'.repeat(70_000));
    await d.sameUntilClose('x'.repeat(70_000));
    await d.sameUntilClose('PING\r\n' + 'ECHO ' + 'y'.repeat(70_000));
  });

  it('unbalanced quotes', async () => {
    await d.sameUntilClose('"unbalanced\r\n');
    await d.sameUntilClose("ECHO 'abc\r\n");
    await d.sameUntilClose('ECHO "a"b\r\n');
    await d.sameUntilClose("ECHO 'a'b\r\n");
    await d.sameUntilClose('ECHO "abc\\"\r\n');
  });

  it('replies sent before a protocol error are kept', async () => {
    await d.sameUntilClose('PING\r\n*1\r\n$4\r\nPING\r\nECHO x\r\n*1\r\n$x\r\n');
  });

  it('a NUL byte before the end of a line leaves the request incomplete', async () => {
    await d.sameUntilClose('ECHO "a\x00b"\r\nPING\r\n' + 'z'.repeat(70_000));
    await d.sameUntilClose('ECHO a\x00b\r\nPING\r\n' + 'z'.repeat(70_000));
    await d.sameUntilClose('*1\x00\r\n' + 'z'.repeat(70_000));
    await d.sameUntilClose('*1\r\n$\x004\r\n' + 'z'.repeat(70_000));
    await d.same([{ raw: '*2\r\n$4\r\nECHO\r\n$3\r\na\x00b\r\n' }, { raw: 'PING\r\n\x00' }]);
  });

  it('empty lines, *0 and *-1 are skipped', async () => {
    await d.same([{ raw: '\r\n\r\n\n  \r\nPING\r\n' }, { raw: '*0\r\n*0\r\nPING\r\n' }, { raw: '*-1\r\n*-7\r\nPING\r\n' }, { raw: '\t \r\nECHO a\n' }]);
  });

  it('inline commands with quotes and escapes', async () => {
    await d.same([
      { raw: 'ECHO "a\\x41\\x4a\\tb\\n\\r\\b\\a\\\\\\"c"\r\n' },
      { raw: "ECHO 'it\\'s \\n raw'\r\n" },
      { raw: 'SET "k k" "v\\x00v"\r\n' },
      { raw: 'GET "k k"\r\n' },
      { raw: 'ECHO "\\xzz\\q"\r\n' },
      { raw: 'ECHO ""\r\n' },
      { raw: "ECHO ''\r\n" },
      { raw: 'ECHO   "spaced"   \r\n' },
      { raw: 'echo \xff\xfe\r\n' },
    ]);
  });

  it('CR and LF echoed in an error become spaces; EXPIRE trims them from its end first, as Redis', async () => {
    await d.same([
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '10', 'x\r\n'],
      ['EXPIRE', 'k', '10', '\r\nx\n'],
      ['FUNCTION', 'LIST', 'x\r\n'],
      ['FUNCTION', 'LIST', 'a\rb\n'],
      ['HELLO', '2', 'a\rb\n'],
      ['CLIENT', 'LIST', 'TYPE', 'a\rb\n'],
      ['CONFIG', 'SET', 'a\rb\n', '1'],
      ['CLIENT', 'KILL', 'USER', 'a\rb\n'],
      ['NOSUCH', 'a\rb\n'],
      ['PING'],
    ]);
  });

  it('arguments echoed in an error end at a NUL, as %s of a C string', async () => {
    await d.same([
      ['FUNCTION', 'LIST', 'a\0b'],
      ['HELLO', '3', 'x\0y'],
      ['CONFIG', 'SET', 'a\0b', '1'],
      ['CONFIG', 'SET', 'maxmemory\0b', 'lots'],
      ['CLIENT', 'LIST', 'TYPE', 'a\0b'],
      ['CLIENT', 'KILL', 'USER', 'u\0v'],
      ['NOSUCH\0z', 'q\0w'],
      ['EXPIRE', 'k', '10', 'o\0p'],
    ]);
  });

  it('options are matched as C strings: a NUL ends them', async () => {
    await d.same([
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100', 'nx\0junk'],
      ['EXPIRE', 'k', '100', 'FOO\0bar'],
      ['SCAN', '0', 'COUNT\0x', '5'],
      ['COPY', 'k', 'k2', 'REPLACE\0z'],
      ['SET', 'k', 'w', 'xx\0', 'GET'],
      ['CLIENT', 'LIST', 'TYPE\0x', 'normal'],
    ], { normalize: (r) => (r.startsWith('$') && r.includes('id=') ? '$<client list>\r\n' : r) });
  });

  it('bulk payloads are taken by length, whatever follows them', async () => {
    await d.same([{ raw: '*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\n' }, { raw: '*1\r\n$4\r\nPINGxx' }, { raw: '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n' }]);
    await d.same([{ raw: '*1\r\n$0\r\n\r\n' }]);
  });
});

describeDifferential(
  'protocol limits before authentication against redis-server',
  (d) => {
    it('unauthenticated multibulk length', async () => {
      await d.sameUntilClose('*11\r\n');
      await d.same([{ raw: '*10\r\n$4\r\nECHO\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n' }]);
    });

    it('unauthenticated bulk length', async () => {
      await d.sameUntilClose('*2\r\n$4\r\nECHO\r\n$16385\r\n');
      await d.same([{ raw: `*2\r\n$4\r\nAUTH\r\n$16384\r\n${'p'.repeat(16384)}\r\n` }]);
    });

    it('the limits lift after AUTH', async () => {
      await d.same([['AUTH', 'secret'], { raw: `*2\r\n$4\r\nECHO\r\n$20000\r\n${'e'.repeat(20000)}\r\n` }, { raw: '*12\r\n$3\r\nDEL' + '\r\n$1\r\nk'.repeat(11) + '\r\n' }]);
    });

    it('inline requests are not limited before AUTH', async () => {
      await d.same([{ raw: `ECHO ${'i'.repeat(20000)}\r\n` }, { raw: `AUTH ${'w'.repeat(20000)}\r\n` }]);
    });
  },
  { ours: { config: { requirepass: 'secret' } }, redisArgs: ['--requirepass', 'secret'] },
);

describeDifferential(
  'client-query-buffer-limit against redis-server',
  (d) => {
    it('a client past the query buffer limit is closed without a reply', async () => {
      expect(await d.sameUntilClose(`*2\r\n$4\r\nECHO\r\n$3000000\r\n${'q'.repeat(1_500_000)}`)).toBe('');
    });

    it('commands under the limit are served', async () => {
      const [reply] = await d.same([{ raw: `*2\r\n$4\r\nECHO\r\n$900000\r\n${'q'.repeat(900_000)}\r\n` }]);
      expect(reply!.length).toBe(900_000 + 11);
    });
  },
  { ours: { config: { 'client-query-buffer-limit': '1mb' } }, redisArgs: ['--client-query-buffer-limit', '1mb'] },
);
