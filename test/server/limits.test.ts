import { connect, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Config } from '../../src/config.js';
import { Err } from '../../src/errors.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';
import type { Client } from '../../src/server/client.js';
import { closeIdleClients, outputLimitCheck } from '../../src/server/limits.js';
import { encodeCommand, RawConnection } from '../helpers/resp.js';

let ours: RunningServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await ours?.close();
  ours = undefined;
});

async function start(options: StartOptions = {}): Promise<RunningServer> {
  ours = await startServer({ port: 0, ...options });
  return ours;
}

const serverClients = (s: RunningServer) => [...s.server.all()] as Client[];

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** A client that sends and never reads a byte. */
function nonReader(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.pause();
    s.on('error', () => {});
  });
}

describe('maxclients', () => {
  it('maxclients - the client past the limit gets the error and is closed', async () => {
    const s = await start({ config: { maxclients: 2 } });
    const a = await RawConnection.open(s.port);
    const b = await RawConnection.open(s.port);
    await a.call('PING');
    await b.call('PING');
    const c = await RawConnection.open(s.port);
    expect(await c.waitClosed()).toBe(`-${Err.maxClients}\r\n`);
    expect(s.server.stats.rejectedConnections).toBe(1);
    expect(await a.call('PING')).toBe('+PONG\r\n');

    // CONFIG SET maxclients takes effect for the next connection.
    expect(s.server.config.set('maxclients', '3')).toBeNull();
    const d = await RawConnection.open(s.port);
    expect(await d.call('PING')).toBe('+PONG\r\n');
    for (const x of [a, b, d]) x.close();
  });
});

describe('timeout', () => {
  it('timeout - idle clients are closed by the periodic cycle, busy ones kept', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, config: { timeout: 10 } });
    const idle = await RawConnection.open(s.port);
    const busy = await RawConnection.open(s.port);
    await idle.call('PING');
    clock.advance(6_000);
    await busy.call('PING');
    clock.advance(5_000);
    s.server.runCron();
    await idle.waitClosed();
    expect(await busy.call('PING')).toBe('+PONG\r\n');

    // CONFIG SET timeout 0 turns it off.
    expect(s.server.config.set('timeout', '0')).toBeNull();
    clock.advance(3_600_000);
    s.server.runCron();
    expect(await busy.call('PING')).toBe('+PONG\r\n');
    busy.close();
  });

  it('closeIdleClients - strictly more than the timeout, and 0 disables', () => {
    const closed: string[] = [];
    const client = (name: string, lastInteraction: number) => ({ lastInteraction, destroy: () => void closed.push(name) });
    const clients = [client('a', 0), client('b', 5_000), client('c', 10_000)];
    expect(closeIdleClients(clients, 15_000, 0)).toBe(0);
    expect(closeIdleClients(clients, 15_000, 10)).toBe(1);
    expect(closed).toEqual(['a']);
  });
});

describe('tcp-keepalive', () => {
  it('tcp-keepalive - sockets get keepalive with the configured period, 0 leaves it off', async () => {
    const spy = vi.spyOn(Socket.prototype, 'setKeepAlive');
    const s = await start();
    const a = await RawConnection.open(s.port);
    await a.call('PING');
    expect(spy).toHaveBeenCalledWith(true, 300_000);
    spy.mockClear();
    s.server.config.set('tcp-keepalive', '0');
    const b = await RawConnection.open(s.port);
    await b.call('PING');
    expect(spy).not.toHaveBeenCalled();
    s.server.config.set('tcp-keepalive', '60');
    const c = await RawConnection.open(s.port);
    await c.call('PING');
    expect(spy).toHaveBeenCalledWith(true, 60_000);
    for (const x of [a, b, c]) x.close();
  });
});

describe('client-output-buffer-limit', () => {
  it('client-output-buffer-limit - Redis format, defaults and errors', () => {
    const c = new Config();
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(c.set('client-output-buffer-limit', 'normal 1mb 512kb 5')).toBeNull();
    expect(c.get('client-output-buffer-limit')).toBe('normal 1048576 524288 5 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(c.set('client-output-buffer-limit', 'replica 2 2 2 NORMAL 0 0 0')).toBeNull();
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 2 2 2 pubsub 33554432 8388608 60');
    expect(c.set('client-output-buffer-limit', '')).toBeNull();
    expect(c.set('client-output-buffer-limit', 'normal 1mb 512kb')).toBe('Wrong number of arguments in buffer limit configuration.');
    expect(c.set('client-output-buffer-limit', 'master 1 1 1')).toBe('Invalid client class specified in buffer limit configuration.');
    for (const bad of ['normal x 1 1', 'normal 1 1 -1', 'normal 1 1 x']) {
      expect(c.set('client-output-buffer-limit', bad)).toBe('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 2 2 2 pubsub 33554432 8388608 60');
  });

  it('outputLimitCheck - hard at once, soft after its seconds without a break', () => {
    const limit = { hard: 1000, soft: 500, softSeconds: 10 };
    expect(outputLimitCheck(limit, 1000, 0, 0)).toBe(-1);
    expect(outputLimitCheck(limit, 400, 5, 0)).toBe(0);
    expect(outputLimitCheck(limit, 600, 5, 0)).toBe(5);
    expect(outputLimitCheck(limit, 600, 9_000, 5)).toBe(5);
    expect(outputLimitCheck(limit, 600, 10_005, 5)).toBe(-1);
    expect(outputLimitCheck(limit, 400, 20_000, 5)).toBe(0);
    expect(outputLimitCheck({ hard: 0, soft: 0, softSeconds: 0 }, 1e12, 0, 0)).toBe(0);
  });

  it('client-output-buffer-limit - a client that never reads is closed at the hard limit', async () => {
    const s = await start({ config: { 'client-output-buffer-limit': 'normal 1mb 0 0' } });
    const other = await RawConnection.open(s.port);
    await other.call('SET', 'big', 'x'.repeat(512 * 1024));
    const lazy = await nonReader(s.port);
    lazy.write(Buffer.concat(Array.from({ length: 64 }, () => encodeCommand(['GET', 'big']))));
    await waitFor(() => s.server.count() === 1, 'the non-reading client to be closed');
    expect(await other.call('PING')).toBe('+PONG\r\n');
    lazy.destroy();
    other.close();
  });

  it('client-output-buffer-limit - over the soft limit for its seconds, checked by the cycle', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, config: { 'client-output-buffer-limit': 'normal 0 256kb 10' } });
    const other = await RawConnection.open(s.port);
    await other.call('SET', 'big', 'x'.repeat(512 * 1024));
    const lazy = await nonReader(s.port);
    lazy.write(Buffer.concat(Array.from({ length: 64 }, () => encodeCommand(['GET', 'big']))));
    await waitFor(() => serverClients(s).some((c) => c.socket.writableLength >= 256 * 1024), 'replies to pile up');
    s.server.runCron();
    clock.advance(9_000);
    s.server.runCron();
    expect(s.server.count()).toBe(2);
    clock.advance(1_000);
    s.server.runCron();
    expect(s.server.count()).toBe(1);
    expect(await other.call('PING')).toBe('+PONG\r\n');
    lazy.destroy();
    other.close();
  });
});

describe('limit settings', () => {
  it('CONFIG SET - range errors of the limit settings', () => {
    const c = new Config();
    expect(c.set('proto-max-bulk-len', '1000')).toBe('argument must be between 1048576 and 9223372036854775807 inclusive');
    expect(c.set('client-query-buffer-limit', '1k')).toBe('argument must be between 1048576 and 9223372036854775807 inclusive');
    expect(c.set('maxclients', '0')).toBe('argument must be between 1 and 4294967295 inclusive');
    expect(c.set('timeout', '-1')).toBe('argument must be between 0 and 2147483647 inclusive');
    expect(c.set('tcp-keepalive', '-1')).toBe('argument must be between 0 and 2147483647 inclusive');
    expect(['proto-max-bulk-len', 'client-query-buffer-limit', 'maxclients', 'timeout', 'tcp-keepalive', 'protected-mode'].map((n) => c.get(n))).toEqual([
      '536870912',
      '1073741824',
      '10000',
      '0',
      '300',
      'yes',
    ]);
  });
});

describe('request limits', () => {
  it('proto-max-bulk-len and client-query-buffer-limit - CONFIG SET applies to the next request', async () => {
    const s = await start();
    const big = `*2\r\n$4\r\nECHO\r\n$2000000\r\n${'e'.repeat(2_000_000)}\r\n`;
    const a = await RawConnection.open(s.port);
    a.write(big);
    expect((await a.read(1))[0]!.length).toBe(2_000_000 + 12);

    expect(s.server.config.set('proto-max-bulk-len', '1mb')).toBeNull();
    a.write(big);
    expect(await a.waitClosed()).toBe('-ERR Protocol error: invalid bulk length\r\n');

    expect(s.server.config.set('proto-max-bulk-len', '512mb')).toBeNull();
    expect(s.server.config.set('client-query-buffer-limit', '1mb')).toBeNull();
    const b = await RawConnection.open(s.port);
    b.write(big);
    expect(await b.waitClosed()).toBe('');
  });
});
