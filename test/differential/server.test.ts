import { expect, it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';

/** Client ids, addresses and ages differ between two servers; the rest of a line must not. */
const clientLine = (reply: string) =>
  reply
    .replace(/^([$=])\d+/, '$1N')
    .replace(/id=\d+ addr=\S+ laddr=\S+ fd=\d+/g, 'id=I addr=A laddr=L fd=F')
    .replace(/age=\d+ idle=\d+/g, 'age=A idle=I')
    .replace(/qbuf=\d+ qbuf-free=\d+ argv-mem=\d+/g, 'qbuf=Q')
    .replace(/rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+/g, 'MEM');
const anyId = (reply: string) => reply.replace(/^:\d+\r\n$/, ':ID\r\n');

describeDifferential('server and connection commands against redis-server', (d) => {
  it('COMMAND - errors of COUNT, LIST, GETKEYS and HELP', async () => {
    await d.same([
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'NOSUCH'],
      ['COMMAND', 'HELP'],
      ['COMMAND', 'LIST', 'FILTERBY'],
      ['COMMAND', 'LIST', 'FILTERBY', 'x', 'y'],
      ['COMMAND', 'LIST', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'm'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nope'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'conf*'],
      ['COMMAND', 'GETKEYS'],
      ['COMMAND', 'GETKEYS', 'get'],
      ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYS', 'ping', 'a'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'GET', 'a'],
      ['COMMAND', 'GETKEYS', 'set', 'k', 'v', 'EX', '10'],
      ['COMMAND', 'GETKEYS', 'del', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYS', 'config', 'get'],
      ['COMMAND', 'GETKEYS', 'config', 'nosuch'],
      ['COMMAND', 'DOCS', 'nosuch'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'ping', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'del', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'GET'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'EX', '10'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'nosuch', 'k'],
    ], { normalize: (r, i) => (i === 8 ? r.split('\r\n').slice(1).sort().join() : r) });
  });

  it('COMMAND INFO - tips, key specs and subcommands', async () => {
    await d.same([['COMMAND', 'INFO', 'get', 'SET', 'del', 'exists', 'rename', 'copy', 'object|freq']]);
    await d.same([['COMMAND', 'GETKEYSANDFLAGS', 'rename', 'a', 'b'], ['COMMAND', 'GETKEYSANDFLAGS', 'copy', 'a', 'b', 'REPLACE'], ['COMMAND', 'GETKEYS', 'object', 'freq', 'k']]);
    await d.same([['COMMAND', 'INFO', 'get', 'del'], ['COMMAND', 'GETKEYSANDFLAGS', 'del', 'a']], { resp3: true });
    await d.same([['COMMAND', 'INFO', 'config|get', 'nosuch', 'PING', 'client|kill', 'dbsize|x', 'client|list', 'time', 'info', 'command|docs', 'config|set']]);
    await d.same([['COMMAND', 'INFO', 'client|id', 'nosuch', 'PING']], { resp3: true });
  });

  it('COMMAND DOCS - Redis 7.0.15 documentation', async () => {
    await d.same([['COMMAND', 'DOCS', 'get', 'SET', 'config|get', 'nosuch', 'client|kill', 'ping', 'info']]);
    await d.same([['COMMAND', 'DOCS', 'get', 'nosuch', 'hello']], { resp3: true });
  });

  it('CONFIG SET - errors and all-or-nothing', async () => {
    await d.same([
      ['CONFIG', 'SET'],
      ['CONFIG', 'SET', 'maxmemory'],
      ['CONFIG', 'SET', 'x', 'y'],
      ['CONFIG', 'SET', 'maxmemory', 'abc'],
      ['CONFIG', 'SET', 'maxmemory', '-1'],
      ['CONFIG', 'SET', 'maxmemory', '1', 'MAXMEMORY', '2'],
      ['CONFIG', 'SET', 'nosuch', '1', 'databases', '2'],
      ['CONFIG', 'SET', 'databases', '2', 'nosuch', '1'],
      ['CONFIG', 'SET', 'maxmemory', '1', 'hz'],
      ['CONFIG', 'SET', 'hz', '5', 'maxmemory', 'abc'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'foo'],
      ['CONFIG', 'SET', 'save', 'x'],
      ['CONFIG', 'SET', 'hz', '-1'],
      ['CONFIG', 'SET', 'hz', '1.5'],
      ['CONFIG', 'SET', 'loglevel', 'foo'],
      ['CONFIG', 'SET', 'lfu-log-factor', '-1'],
      ['CONFIG', 'SET', 'appendonly', 'maybe'],
      ['CONFIG', 'SET', 'maxmemory', '1gb', 'maxmemory-policy', 'ALLKEYS-LRU'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'MaxMemory-Policy'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'hz', '10'],
    ]);
  });

  it('CONFIG GET - names, globs and several patterns', async () => {
    const pairs = (r: string) => {
      const lines = r.split('\r\n').slice(1, -1);
      const out: string[] = [];
      for (let i = 0; i < lines.length; i += 4) out.push(lines.slice(i, i + 4).join(' '));
      return out.sort().join('|');
    };
    await d.same(
      [
        ['CONFIG', 'GET'],
        ['CONFIG', 'GET', 'nosuch'],
        ['CONFIG', 'GET', 'maxmemory', 'hz', 'xyz'],
        ['CONFIG', 'GET', 'HZ'],
        ['CONFIG', 'GET', 'h?'],
        ['CONFIG', 'GET', 'maxmemory-p*', 'lfu-*', 'maxmemory-policy'],
        ['CONFIG', 'GET', 'appendonly'],
        ['CONFIG', 'GET', 'databases'],
      ],
      { normalize: (r, i) => (i === 2 || i === 5 ? pairs(r) : r) },
    );
    await d.same([['CONFIG', 'GET', 'hz', 'maxmemory']], { resp3: true, normalize: (r) => r.split('\r\n').slice(1).sort().join() });
  });

  it('CONFIG - REWRITE without a file, RESETSTAT, HELP', async () => {
    await d.same([['CONFIG', 'REWRITE'], ['CONFIG', 'RESETSTAT'], ['CONFIG', 'HELP'], ['CONFIG'], ['CONFIG', 'nosuch']]);
  });

  it('CLIENT - names, ids and errors', async () => {
    await d.same(
      [
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', 'a b'],
        ['CLIENT', 'SETNAME', 'a\nb'],
        ['CLIENT', 'SETNAME', 'worker-1'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME', ''],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME'],
        ['CLIENT', 'ID', 'x'],
        ['CLIENT', 'ID'],
        ['CLIENT'],
        ['CLIENT', 'foo'],
        ['CLIENT', 'HELP'],
        ['CLIENT', 'NO-EVICT', 'on'],
        ['CLIENT', 'NO-EVICT', 'maybe'],
      ],
      { normalize: (r, i) => (i === 9 ? anyId(r) : r) },
    );
  });

  it('CLIENT LIST and CLIENT INFO - line format and filters', async () => {
    await d.same(
      [
        ['CLIENT', 'SETNAME', 'me'],
        ['CLIENT', 'INFO'],
        ['CLIENT', 'LIST'],
        ['CLIENT', 'LIST', 'TYPE', 'normal'],
        ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
        ['CLIENT', 'LIST', 'TYPE', 'foo'],
        ['CLIENT', 'LIST', 'ID', 'abc'],
        ['CLIENT', 'LIST', 'ID', '999999'],
        ['CLIENT', 'LIST', 'ID', '0'],
        ['CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1'],
        ['CLIENT', 'LIST', 'ID'],
        ['CLIENT', 'LIST', 'foo'],
      ],
      { normalize: clientLine },
    );
    await d.same([['CLIENT', 'INFO']], { resp3: true, normalize: clientLine });
  });

  it('CLIENT KILL - forms and errors', async () => {
    await d.same([
      ['CLIENT', 'KILL'],
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID'],
      ['CLIENT', 'KILL', 'ID', '999999'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'foo', 'bar'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'USER', 'nosuch'],
      ['CLIENT', 'KILL', 'ID', '1', 'SKIPME'],
    ]);
  });

  it('FUNCTION - a server with no libraries', async () => {
    await d.same([
      ['FUNCTION', 'LIST'],
      ['FUNCTION', 'LIST', 'WITHCODE'],
      ['FUNCTION', 'LIST', 'LIBRARYNAME'],
      ['FUNCTION', 'LIST', 'LIBRARYNAME', 'x', 'WITHCODE'],
      ['FUNCTION', 'LIST', 'foo'],
      ['FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE'],
      ['FUNCTION', 'FLUSH'],
      ['FUNCTION', 'FLUSH', 'async'],
      ['FUNCTION', 'FLUSH', 'SYNC'],
      ['FUNCTION', 'FLUSH', 'x'],
      ['FUNCTION', 'FLUSH', 'a', 'b'],
      ['FUNCTION', 'HELP'],
      ['FUNCTION'],
    ]);
  });

  it('SHUTDOWN - option errors and ABORT', async () => {
    await d.same([
      ['SHUTDOWN', 'ABORT'],
      ['SHUTDOWN', 'foo'],
      ['SHUTDOWN', 'SAVE', 'NOSAVE'],
      ['SHUTDOWN', 'ABORT', 'NOW'],
      ['SHUTDOWN', 'NOW', 'foo'],
    ]);
  });

  it('FLUSHDB, FLUSHALL, DBSIZE and TIME - arguments', async () => {
    await d.same([
      ['SET', 'a', '1'],
      ['DBSIZE'],
      ['FLUSHDB', 'async'],
      ['DBSIZE'],
      ['FLUSHDB', 'foo'],
      ['FLUSHALL', 'SYNC', 'x'],
      ['FLUSHALL', 'foo'],
      ['FLUSHALL', 'ASYNC'],
      ['DBSIZE', 'x'],
      ['TIME', 'x'],
    ]);
    const [time] = await d.same([['TIME']], { normalize: (r) => r.replace(/\$\d+\r\n\d+/g, '$N\r\nT') });
    expect(time).toMatch(/^\*2\r\n/);
  });

  it('ECHO, PING, SELECT and QUIT', async () => {
    await d.same([['ECHO', 'a', 'b'], ['ECHO', ''], ['PING', ''], ['SELECT', '15'], ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', 'x'], ['SELECT', '1.5'], ['QUIT']]);
  });

  it('HELLO - replies in RESP2 and RESP3, SETNAME and errors', async () => {
    const ids = (r: string) => r.replace(/\$2\r\nid\r\n:\d+/, '$2\r\nid\r\n:ID');
    await d.same(
      [
        ['HELLO'],
        ['HELLO', '2'],
        ['HELLO', '3', 'SETNAME', 'conn-a'],
        ['CLIENT', 'GETNAME'],
        ['HELLO', '3', 'SETNAME', 'a b'],
        ['HELLO', '3', 'SETNAME'],
        ['HELLO', '3', 'AUTH', 'default'],
        ['HELLO', '3', 'AUTH', 'default', 'pw'],
        ['HELLO', '1'],
        ['HELLO', 'x'],
        ['HELLO', '2'],
      ],
      { normalize: ids },
    );
  });

  it('AUTH - without requirepass', async () => {
    await d.same([['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'someone', 'x'], ['AUTH', 'a', 'b', 'c'], ['AUTH']]);
  });

  it('RESET - back to RESP2, db 0 and no name', async () => {
    await d.same([['HELLO', '3', 'SETNAME', 'n'], ['SELECT', '2'], ['RESET'], ['CLIENT', 'GETNAME'], ['HELLO', '2', 'SETNAME', 'n2'], ['RESET', 'x']], {
      normalize: (r) => r.replace(/\$2\r\nid\r\n:\d+/, '$2\r\nid\r\n:ID'),
    });
  });

  it('INFO - section names, headers and order', async () => {
    // '# Cache' is dwc-resp's own section (cache health), printed last; Redis has none.
    const headers = (r: string) => (r.match(/# \w+/g) ?? []).filter((h) => h !== '# Cache').join(',');
    await d.same(
      [['INFO'], ['INFO', 'default'], ['INFO', 'all'], ['INFO', 'everything'], ['INFO', 'keyspace', 'server'], ['INFO', 'CPU'], ['INFO', 'nosuch'], ['INFO', 'modules']],
      { normalize: headers },
    );
    await d.same([['INFO', 'nosuch'], ['INFO', 'keyspace'], ['INFO', 'modules', 'cluster']]);
    await d.same([['INFO', 'nosuch'], ['INFO', 'keyspace']], { resp3: true });
  });
});

describeDifferential(
  'AUTH and HELLO with requirepass against redis-server',
  (d) => {
    it('AUTH - wrong and right passwords, NOAUTH before', async () => {
      await d.same([
        ['GET', 'a'],
        ['PING'],
        ['HELLO', '3'],
        ['AUTH', 'wrong'],
        ['AUTH', 'default', 'wrong'],
        ['AUTH', 'x'],
        ['GET', 'a'],
        ['AUTH', 'default', 'x'],
      ]);
    });
    it('HELLO - AUTH inside HELLO', async () => {
      await d.same([['HELLO', '2', 'AUTH', 'default', 'wrong'], ['HELLO', '2', 'AUTH', 'other', 'x'], ['CLIENT', 'ID']]);
      await d.same([['HELLO', '2', 'AUTH', 'default', 'x'], ['PING']], { normalize: (r) => r.replace(/\$2\r\nid\r\n:\d+/, '$2\r\nid\r\n:ID') });
    });
  },
  { ours: { config: { requirepass: 'x' } }, redisArgs: ['--requirepass', 'x'] },
);
