import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config-file.js';
import { Config } from '../../src/config.js';
import { ManualClock, RespServer, type RunningServer } from '../../src/index.js';
import { RawConnection } from '../helpers/resp.js';
import { startOurs } from '../helpers/servers.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serve(options: Parameters<typeof startOurs>[0] = {}): Promise<RunningServer> {
  running = await startOurs(options);
  return running;
}

describe('CLIENT', () => {
  it('CLIENT KILL - ID closes another connection, SKIPME keeps the caller', async () => {
    const s = await serve();
    const a = await RawConnection.open(s.port);
    const b = await RawConnection.open(s.port);
    const bId = /^:(\d+)/.exec(await b.call('CLIENT', 'ID'))![1]!;
    expect(await a.call('CLIENT', 'KILL', 'ID', bId)).toBe(':1\r\n');
    await b.waitClosed();
    expect(await a.call('CLIENT', 'KILL', 'LADDR', `127.0.0.1:${s.port}`)).toBe(':0\r\n');
    expect(await a.call('CLIENT', 'KILL', 'LADDR', `127.0.0.1:${s.port}`, 'SKIPME', 'no')).toBe(':1\r\n');
    await a.waitClosed();
  });

  it('CLIENT KILL - the old addr form may kill the caller after its reply', async () => {
    const s = await serve();
    const a = await RawConnection.open(s.port);
    const addr = /addr=(\S+)/.exec(await a.call('CLIENT', 'INFO'))![1]!;
    expect(await a.call('CLIENT', 'KILL', addr)).toBe('+OK\r\n');
    await a.waitClosed();
  });

  it('CLIENT LIST - one line per client, ID filter, names shown', async () => {
    const s = await serve();
    const a = await RawConnection.open(s.port);
    const b = await RawConnection.open(s.port);
    await b.call('CLIENT', 'SETNAME', 'worker');
    const all = await a.call('CLIENT', 'LIST');
    expect(all.split('\n').filter((l) => l.includes('id='))).toHaveLength(2);
    expect(all).toContain('name=worker');
    const id = /^:(\d+)/.exec(await a.call('CLIENT', 'ID'))![1]!;
    const mine = await a.call('CLIENT', 'LIST', 'ID', id, '99999');
    expect(mine).toMatch(new RegExp(`^\\$\\d+\\r\\nid=${id} .* cmd=client\\|list user=default redir=-1 resp=2\\n\\r\\n$`));
    a.close();
    b.close();
  });

  it('CLIENT SETINFO - LIB-NAME and LIB-VER (Redis 7.2 behaviour)', async () => {
    const s = await serve();
    const a = await RawConnection.open(s.port);
    expect(await a.call('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib')).toBe('+OK\r\n');
    expect(await a.call('CLIENT', 'SETINFO', 'lib-ver', '1.2.3')).toBe('+OK\r\n');
    expect(await a.call('CLIENT', 'SETINFO', 'lib-name', 'a b')).toBe('-ERR lib-name cannot contain spaces, newlines or special characters.\r\n');
    expect(await a.call('CLIENT', 'SETINFO', 'nope', 'x')).toBe("-ERR Unrecognized option 'nope'\r\n");
    const client = [...s.server.all()][0]!;
    expect([client.libName, client.libVersion]).toEqual(['mylib', '1.2.3']);
    a.close();
  });
});

describe('CONFIG', () => {
  it('CONFIG SET - several parameters apply together, or none does', async () => {
    const s = await serve();
    const c = await RawConnection.open(s.port);
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '100mb', 'maxmemory-policy', 'allkeys-lru')).toBe('+OK\r\n');
    expect(s.server.config.values.maxmemory).toBe(100 * 1024 * 1024);
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '1mb', 'maxmemory-policy', 'nope')).toMatch(/^-ERR CONFIG SET failed/);
    expect(s.server.config.values.maxmemory).toBe(100 * 1024 * 1024);
    expect(await c.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$9\r\n104857600\r\n');
    c.close();
  });

  it('CONFIG RESETSTAT - clears server, keyspace, command and error stats', async () => {
    const s = await serve();
    const c = await RawConnection.open(s.port);
    await c.call('GET', 'missing');
    await c.call('NOSUCH');
    expect(await c.call('INFO', 'commandstats')).toContain('cmdstat_get:calls=1');
    expect(await c.call('CONFIG', 'RESETSTAT')).toBe('+OK\r\n');
    const info = await c.call('INFO', 'everything');
    expect(info).toContain('keyspace_misses:0\r\n');
    expect(info).toContain('total_error_replies:0\r\n');
    expect(info).not.toContain('cmdstat_get');
    expect(info).not.toContain('errorstat_ERR');
    c.close();
  });

  it('CONFIG REWRITE - writes current values back into the config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwc-conf-'));
    const file = join(dir, 'redis.conf');
    writeFileSync(file, '# my settings\nmaxmemory 1mb\nhz 10\nhz 11\n');
    const config = new Config();
    loadConfigFile(config, file);
    const server = new RespServer({ config });
    await server.listen(0, '127.0.0.1');
    try {
      const c = await RawConnection.open(server.port);
      await c.call('CONFIG', 'SET', 'maxmemory', '2mb', 'maxmemory-policy', 'allkeys-lfu');
      expect(await c.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
      expect(readFileSync(file, 'utf8')).toBe(
        '# my settings\nmaxmemory 2097152\nhz 11\n# Generated by CONFIG REWRITE\nmaxmemory-policy allkeys-lfu\n',
      );
      c.close();
    } finally {
      await server.close();
    }
  });

  it('config file - quoted values as sdssplitargs reads them, and back through CONFIG REWRITE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwc-conf-'));
    const file = join(dir, 'redis.conf');
    writeFileSync(file, 'requirepass "a b\\"c\\x41"\ndbfilename \'it\\\'s.json\'\n');
    const config = new Config();
    loadConfigFile(config, file);
    expect(config.values.requirepass).toBe('a b"cA');
    expect(config.values.dbfilename).toBe("it's.json");
    const server = new RespServer({ config });
    await server.listen(0, '127.0.0.1');
    try {
      const c = await RawConnection.open(server.port);
      await c.call('AUTH', 'a b"cA');
      await c.call('CONFIG', 'SET', 'requirepass', 'x\\y "z"');
      expect(await c.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
      c.close();
    } finally {
      await server.close();
    }
    const reread = new Config();
    loadConfigFile(reread, file);
    expect(reread.values.requirepass).toBe('x\\y "z"');
    writeFileSync(file, 'requirepass "open\n');
    expect(() => loadConfigFile(new Config(), file)).toThrow(`${file}:1: unbalanced quotes in configuration line`);
  });

  it('config file - an invalid line names the file and the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwc-conf-'));
    const file = join(dir, 'bad.conf');
    writeFileSync(file, 'port 7000\n\nmaxmemory lots\n');
    expect(() => loadConfigFile(new Config(), file)).toThrow(`${file}:3: bad directive 'maxmemory lots': argument must be a memory value`);
  });
});

describe('server commands', () => {
  it('TIME - seconds and microseconds from the server clock', async () => {
    const clock = new ManualClock(1_700_000_000_123);
    const s = await serve({ clock });
    const c = await RawConnection.open(s.port);
    expect(await c.call('TIME')).toBe('*2\r\n$10\r\n1700000000\r\n$6\r\n123000\r\n');
    c.close();
  });

  it('SHUTDOWN - closes the server without a reply', async () => {
    const s = await serve();
    const c = await RawConnection.open(s.port);
    const stopped = new Promise((resolve) => s.server.once('shutdown', resolve));
    c.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    expect(await c.waitClosed()).toBe('');
    await stopped;
  });

  it('COMMAND COUNT and DOCS - our commands and subcommands only', async () => {
    const s = await serve();
    const c = await RawConnection.open(s.port);
    expect(await c.call('COMMAND', 'COUNT')).toBe(`:${s.server.commands.size()}\r\n`);
    expect(await c.call('COMMAND', 'DOCS', 'client|setinfo')).toBe('*2\r\n$14\r\nclient|setinfo\r\n*0\r\n');
    const client = await c.call('COMMAND', 'DOCS', 'client');
    const subs = [...client.matchAll(/\$\d+\r\n(client\|[a-z-]+)\r\n/g)].map((m) => m[1]);
    expect(subs.sort()).toEqual([...s.server.commands.lookup('client')!.children!.values()].map((sub) => sub.fullName).sort());
    c.close();
  });

  it('INFO - a verbatim string in RESP3', async () => {
    const s = await serve();
    const c = await RawConnection.open(s.port);
    await c.call('HELLO', '3');
    expect(await c.call('INFO', 'server')).toMatch(/^=\d+\r\ntxt:# Server\r\nredis_version:7\.0\.15\r\n/);
    c.close();
  });
});
