import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '../../src/config.js';
import { loadConfigFile } from '../../src/config-file.js';
import { Err } from '../../src/errors.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';
import { isLoopback, protectedModeRefuses } from '../../src/server/limits.js';
import { RawConnection } from '../helpers/resp.js';

let ours: RunningServer | undefined;
afterEach(async () => {
  await ours?.close();
  ours = undefined;
});

async function start(options: StartOptions = {}): Promise<RunningServer> {
  ours = await startServer({ port: 0, ...options });
  return ours;
}

/** Opens a connection from this machine's non-loopback address to itself. */
const openFromOutside = (port: number, address: string) => RawConnection.open(port, address, address);

/** A non-loopback IPv4 address of this machine, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('requirepass', () => {
  it('requirepass - every command but AUTH, HELLO, QUIT and RESET is refused before AUTH', async () => {
    const s = await start({ config: { requirepass: 'secret' } });
    const noAuth = [...s.server.commands.all()].filter((c) => c.noAuth).map((c) => c.name);
    expect(noAuth.sort()).toEqual(['auth', 'hello', 'quit', 'reset']);
    const c = await RawConnection.open(s.port);
    // Arity is checked before authentication, as in Redis: send each command with its arity.
    const targets = [...s.server.commands.all()].flatMap((cmd) =>
      cmd.children ? [...cmd.children.values()].map((sub) => ({ prefix: [cmd.name, sub.name], cmd: sub })) : [{ prefix: [cmd.name], cmd }],
    );
    for (const { prefix, cmd } of targets) {
      if (cmd.noAuth) continue;
      const argv = [...prefix];
      while (argv.length < Math.abs(cmd.arity)) argv.push(`a${argv.length}`);
      expect(await c.call(...argv), argv.join(' ')).toBe(`-${Err.noAuth}\r\n`);
    }
    expect(await c.call('AUTH', 'secret')).toBe('+OK\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
  });

  it('requirepass - CONFIG SET applies to new connections, authenticated ones stay so', async () => {
    const s = await start();
    const old = await RawConnection.open(s.port);
    expect(await old.call('PING')).toBe('+PONG\r\n');
    expect(s.server.config.set('requirepass', 'n3w')).toBeNull();
    expect(await old.call('PING')).toBe('+PONG\r\n');
    const fresh = await RawConnection.open(s.port);
    expect(await fresh.call('PING')).toBe(`-${Err.noAuth}\r\n`);
    expect(await fresh.call('AUTH', 'secret')).toBe(`-${Err.wrongPass}\r\n`);
    expect(await fresh.call('AUTH', 'n3w')).toBe('+OK\r\n');
    expect(s.server.config.set('requirepass', '')).toBeNull();
    const open = await RawConnection.open(s.port);
    expect(await open.call('PING')).toBe('+PONG\r\n');
    for (const c of [old, fresh, open]) c.close();
  });

  it('requirepass - from a config file line, quoted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwc-auth-'));
    try {
      const path = join(dir, 'redis.conf');
      writeFileSync(path, '# auth\nrequirepass "se cret"\nprotected-mode no\nclient-output-buffer-limit normal 1mb 0 0\n');
      const config = new Config();
      loadConfigFile(config, path);
      expect(config.values.requirepass).toBe('se cret');
      expect(config.values.protectedMode).toBe(false);
      expect(config.get('client-output-buffer-limit')).toBe('normal 1048576 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('AUTH - passwords of any length and bytes compare exactly', async () => {
    const password = 'p\x00\xff'.repeat(100);
    const s = await start({ config: { requirepass: password } });
    const c = await RawConnection.open(s.port);
    for (const wrong of [password.slice(0, -1), password + 'x', '', 'p']) {
      expect(await c.call('AUTH', wrong)).toBe(`-${Err.wrongPass}\r\n`);
    }
    expect(await c.call('AUTH', Buffer.from(password, 'latin1'))).toBe('+OK\r\n');
    c.close();
  });
});

describe('protected mode', () => {
  it('isLoopback - IPv4 127/8, ::1 and mapped forms', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '192.0.2.2', '::ffff:10.0.0.1', '::', '0.0.0.0', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });

  it('protectedModeRefuses - only non-loopback peers, only without a password, only when on', () => {
    expect(protectedModeRefuses({ protectedMode: true, requirepass: '' }, '10.1.1.1')).toBe(true);
    expect(protectedModeRefuses({ protectedMode: true, requirepass: '' }, '127.0.0.1')).toBe(false);
    expect(protectedModeRefuses({ protectedMode: true, requirepass: 'x' }, '10.1.1.1')).toBe(false);
    expect(protectedModeRefuses({ protectedMode: false, requirepass: '' }, '10.1.1.1')).toBe(false);
  });

  it('protected mode - bound to 0.0.0.0, a non-loopback client gets DENIED and is closed', async () => {
    if (externalAddress === undefined) {
      // No network but loopback here: the decision itself is covered by protectedModeRefuses above.
      console.warn('no non-loopback IPv4 address: protected mode checked without a socket only');
      return;
    }
    const s = await start({ host: '0.0.0.0' });
    const outside = await openFromOutside(s.port, externalAddress!);
    outside.write('PING\r\n');
    expect(await outside.waitClosed()).toBe(`-${Err.protectedMode}\r\n`);
    const local = await RawConnection.open(s.port);
    expect(await local.call('PING')).toBe('+PONG\r\n');

    // A password, or protected-mode no, lets it in (CONFIG SET, live).
    s.server.config.set('requirepass', 'pw');
    const withPassword = await openFromOutside(s.port, externalAddress!);
    expect(await withPassword.call('PING')).toBe(`-${Err.noAuth}\r\n`);
    s.server.config.set('requirepass', '');
    s.server.config.set('protected-mode', 'no');
    const unprotected = await openFromOutside(s.port, externalAddress!);
    expect(await unprotected.call('PING')).toBe('+PONG\r\n');
    for (const c of [local, withPassword, unprotected]) c.close();
  });
});
