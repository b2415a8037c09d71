import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import type { RunningServer, StartOptions } from '../../src/index.js';
import { encodeCommand, RawConnection, replyEnd } from './resp.js';
import { requireRedis, startOurs, startRedis, type ReferenceRedis } from './servers.js';

/** One step of a differential case: a command (argv) or raw bytes to send as they are. */
export type Step = readonly string[] | { raw: string };

export interface CheckOptions {
  /**
   * Rewrites a raw reply before comparison, for replies that legitimately differ
   * (a TTL counting down, a client id). Gets the step index too.
   */
  normalize?: (reply: string, step: number) => string;
  /** Send with HELLO 3 first (RESP3 replies). */
  resp3?: boolean;
}

export interface Differ {
  /** Sends the steps to both servers on fresh connections; expects identical raw replies. Returns them. */
  same(steps: readonly Step[], options?: CheckOptions): Promise<string[]>;
  /**
   * Sends raw bytes that end in a protocol error; expects both servers to send the same bytes
   * and close the connection.
   */
  sameUntilClose(bytes: string): Promise<string>;
  ourPort(): number;
  redisPort(): number;
}

/** Integer replies within `slack` of each other compare equal (TTL countdown). */
export function approxInt(slack = 1): (reply: string) => string {
  return (reply) => {
    const m = /^:(-?\d+)\r\n$/.exec(reply);
    if (!m) return reply;
    const n = Number(m[1]);
    return n < 0 ? reply : `:~${Math.round(n / (slack + 1))}\r\n`;
  };
}

/**
 * Sorts the elements of every array in a reply (nested ones too, such as SCAN's key list), for
 * replies whose order legitimately differs (KEYS, SCAN). Other replies pass unchanged.
 */
export function sortArrayReply(reply: string): string {
  const buf = Buffer.from(reply, 'latin1');
  const sortAt = (pos: number): [string, number] => {
    const end = replyEnd(buf, pos);
    const type = reply[pos];
    if (type !== '*' && type !== '~') return [reply.slice(pos, end), end];
    const cr = reply.indexOf('\r\n', pos);
    const n = Number(reply.slice(pos + 1, cr));
    const items: string[] = [];
    let p = cr + 2;
    for (let i = 0; i < n; i++) {
      const [item, next] = sortAt(p);
      items.push(item);
      p = next;
    }
    // Only a list of plain strings is a set of names; a SCAN reply's [cursor, keys] keeps its order.
    if (items.every((it) => it[0] === '$')) items.sort();
    return [reply.slice(pos, cr + 2) + items.join(''), end];
  };
  return sortAt(0)[0];
}

async function runSteps(port: number, steps: readonly Step[], options: CheckOptions): Promise<string[]> {
  const c = await RawConnection.open(port);
  try {
    if (options.resp3) await c.call('HELLO', '3');
    const out: string[] = [];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if ('raw' in step) c.write(Buffer.from(step.raw, 'latin1'));
      else c.write(encodeCommand(step as string[]));
      const [reply] = await c.read(1);
      out.push(options.normalize ? options.normalize(reply!, i) : reply!);
    }
    return out;
  } finally {
    c.close();
  }
}

const show = (steps: readonly Step[], replies: string[]) =>
  steps.map((s, i) => `${'raw' in s ? JSON.stringify(s.raw) : (s as string[]).join(' ')}  ->  ${JSON.stringify(replies[i])}`).join('\n');

/**
 * A differential suite: the body's cases run against dwc-resp and Debian's redis-server side by
 * side, FLUSHALL between cases. Without redis-server (and without CI) it is skipped with a warning.
 */
export function describeDifferential(
  name: string,
  body: (d: Differ) => void,
  setup: { ours?: StartOptions; redisArgs?: string[] } = {},
): void {
  const enabled = requireRedis();
  describe.skipIf(!enabled)(name, () => {
    let ours: RunningServer;
    let redis: ReferenceRedis;
    beforeAll(async () => {
      [ours, redis] = await Promise.all([startOurs(setup.ours), startRedis(setup.redisArgs)]);
    });
    afterAll(async () => {
      await Promise.all([ours?.close(), redis?.close()]);
    });
    beforeEach(async () => {
      for (const port of [ours.port, redis.port]) {
        const c = await RawConnection.open(port);
        await c.call('FLUSHALL');
        c.close();
      }
    });
    body({
      async same(steps, options = {}) {
        const [mine, theirs] = await Promise.all([runSteps(ours.port, steps, options), runSteps(redis.port, steps, options)]);
        expect(show(steps, mine), 'dwc-resp vs redis-server').toBe(show(steps, theirs));
        return mine;
      },
      async sameUntilClose(bytes) {
        const got = await Promise.all(
          [ours.port, redis.port].map(async (port) => {
            const c = await RawConnection.open(port);
            c.write(Buffer.from(bytes, 'latin1'));
            return c.waitClosed();
          }),
        );
        expect(JSON.stringify(got[0]), 'dwc-resp vs redis-server').toBe(JSON.stringify(got[1]));
        return got[0]!;
      },
      ourPort: () => ours.port,
      redisPort: () => redis.port,
    });
  });
}
