import { connect } from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/commands/types.js';
import { startServer, type RunningServer } from '../../src/index.js';
import { encodeCommand, RawConnection } from '../helpers/resp.js';

/** A handler's exception, a peer that vanishes mid-reply: the server logs, answers and lives on. */
describe('faults', () => {
  let ours: RunningServer;
  let logLines: string[];
  const processFaults: unknown[] = [];
  const onFault = (err: unknown) => processFaults.push(err);

  beforeEach(async () => {
    logLines = [];
    processFaults.length = 0;
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    ours = await startServer({ port: 0, logger });
  });

  afterEach(async () => {
    await ours.close();
    process.off('uncaughtException', onFault);
    process.off('unhandledRejection', onFault);
    expect(processFaults).toEqual([]);
  });

  /** Replaces a command's handler in this server's own table (each server builds its table). */
  function breakCommand(name: string, error: unknown): void {
    const cmd = ours.server.commands.lookup(name) as { handler?: Command['handler'] };
    cmd.handler = () => {
      throw error;
    };
  }

  it('an exception in a handler becomes an -ERR reply and a log line', async () => {
    breakCommand('get', new Error('boom\r\nwith a newline'));
    const c = await RawConnection.open(ours.port);
    expect(await c.call('GET', 'k')).toBe("-ERR internal error in 'get': boom  with a newline\r\n");
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
    const line = logLines.map((l) => JSON.parse(l) as { msg: string; command?: string; err?: { message: string } }).find((l) => l.msg === 'command handler failed');
    expect(line?.command).toBe('get');
    expect(line?.err?.message).toContain('boom');
    expect(ours.server.commands.lookup('get')!.stats.failedCalls).toBe(1);
  });

  it('a handler throwing a non-Error is reported too', async () => {
    breakCommand('echo', 'plain string');
    const c = await RawConnection.open(ours.port);
    expect(await c.call('ECHO', 'x')).toBe("-ERR internal error in 'echo': plain string\r\n");
    expect(await c.call('ECHO', 'y')).toBe("-ERR internal error in 'echo': plain string\r\n");
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
  });

  it('a peer that resets the connection mid-pipeline costs nothing', async () => {
    const seed = await RawConnection.open(ours.port);
    expect(await seed.call('SET', 'big', 'x'.repeat(1 << 20))).toBe('+OK\r\n');
    for (let round = 0; round < 5; round++) {
      await new Promise<void>((resolve) => {
        const s = connect({ port: ours.port, host: '127.0.0.1' }, () => {
          s.write(Buffer.concat(Array.from({ length: 50 }, () => encodeCommand(['GET', 'big']))), () => {
            s.once('data', () => {
              s.resetAndDestroy(); // RST: the server sees ECONNRESET or EPIPE while writing
              resolve();
            });
          });
        });
        s.on('error', () => {});
      });
    }
    expect(await seed.call('PING')).toBe('+PONG\r\n');
    expect((await seed.call('GET', 'big')).length).toBe((1 << 20) + 12);
    await waitFor(() => ours.server.count() === 1);
    seed.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setImmediate(r));
  }
}
