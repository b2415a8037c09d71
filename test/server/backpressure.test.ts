import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/index.js';
import type { Client } from '../../src/server/client.js';
import { encodeCommand, RawConnection } from '../helpers/resp.js';

/**
 * A client that pipelines many large GETs and never reads must not make the server buffer the
 * replies (no client-output-buffer-limit is configured here), while a flood of large writes
 * goes on and other clients keep being answered. Bounds are generous on purpose: they separate
 * "bounded" from "buffers everything" (hundreds of MB), not one allocation strategy from another.
 */
const VALUE_BYTES = 1024 * 1024;
const GETS = 300; // 300 MB of replies if buffered
const REPLY_BYTES = VALUE_BYTES + `$${VALUE_BYTES}\r\n\r\n`.length;

describe('backpressure', () => {
  let ours: RunningServer;
  beforeAll(async () => {
    ours = await startServer({ port: 0 });
  });
  afterAll(async () => {
    await ours.close();
  });

  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external + m.arrayBuffers;
  };

  it('a paused reader and a flood of large requests leave memory bounded and others served', async () => {
    const setup = await RawConnection.open(ours.port);
    expect(await setup.call('SET', 'big', 'b'.repeat(VALUE_BYTES))).toBe('+OK\r\n');
    const before = memory();

    // The paused reader: sends every GET at once, reads nothing yet.
    let received = 0;
    let allReceived: () => void = () => {};
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    const reader: Socket = await new Promise((resolve) => {
      const s = connect({ port: ours.port, host: '127.0.0.1' }, () => resolve(s));
      s.on('error', () => {});
    });
    reader.pause();
    reader.on('data', (d: Buffer) => {
      received += d.length;
      if (received >= GETS * REPLY_BYTES) allReceived();
    });
    const gets = encodeCommand(['GET', 'big']);
    reader.write(Buffer.concat(Array.from({ length: GETS }, () => gets)));

    // The flood: large SETs from another client, and a third client checking its replies.
    const flood = await RawConnection.open(ours.port);
    const other = await RawConnection.open(ours.port);
    let peakPending = 0;
    let peakMemory = 0;
    const readerOnServer = () => ([...ours.server.all()] as Client[]).find((c) => c.addr.endsWith(`:${reader.localPort}`));
    for (let i = 0; i < 40; i++) {
      const value = String.fromCharCode(97 + (i % 26)).repeat(VALUE_BYTES);
      expect(await flood.call('SET', `flood:${i % 4}`, value)).toBe('+OK\r\n');
      expect(await other.call('SET', `k${i}`, `v${i}`)).toBe('+OK\r\n');
      expect(await other.call('GET', `k${i}`)).toBe(`$${String(`v${i}`).length}\r\nv${i}\r\n`);
      expect(await other.call('PING')).toBe('+PONG\r\n');
      peakPending = Math.max(peakPending, readerOnServer()?.socket.writableLength ?? 0);
      peakMemory = Math.max(peakMemory, memory() - before);
    }

    // Replies for the paused reader wait in the socket, at most the high-water mark plus one reply.
    expect(peakPending).toBeLessThan(4 * VALUE_BYTES);
    expect(peakMemory).toBeLessThan(200 * 1024 * 1024);

    // Once it reads, it gets every reply, none lost.
    reader.resume();
    await done;
    expect(received).toBe(GETS * REPLY_BYTES);
    for (const c of [setup, flood, other]) c.close();
    reader.destroy();
  });
});
