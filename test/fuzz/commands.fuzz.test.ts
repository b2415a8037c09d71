import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { CheckedConnection } from '../helpers/checked-connection.js';
import { FUZZ_KEYS, FUZZ_NUMBERS, FUZZ_WORDS, SENTINEL_KEY, SENTINEL_VALUE, fuzzTargets, keepsResp2 } from '../helpers/fuzz-vocabulary.js';
import { startOurs } from '../helpers/servers.js';

/**
 * Random argv for every command in the table, through a real socket. Every reply must parse with
 * redis-parser (an independent parser), each command must get exactly one reply (a PING sent
 * after it must answer PONG), the server must keep serving, and a sentinel key the fuzz never
 * names must be unchanged at the end.
 */

const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 24 });
const arg = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FUZZ_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...FUZZ_NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom(...FUZZ_KEYS) },
  { weight: 2, arbitrary: latin1 },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4096 }).map((n) => 'L'.repeat(n)) },
);
const args = fc.array(arg, { maxLength: 7 });

describe('command fuzzing through a socket', () => {
  let ours: RunningServer;
  const processFaults: unknown[] = [];
  const onFault = (err: unknown) => processFaults.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    ours = await startOurs();
    const c = await CheckedConnection.open(ours.port);
    expect(await c.call('SET', SENTINEL_KEY, SENTINEL_VALUE)).toBe('OK');
    c.close();
  });

  afterAll(async () => {
    process.off('uncaughtException', onFault);
    process.off('unhandledRejection', onFault);
    await ours?.close();
  });

  it('every command answers random arguments with one well-formed reply', async () => {
    const targets = fuzzTargets(ours.server.commands.all());
    expect(targets.length).toBeGreaterThan(10);
    let c = await CheckedConnection.open(ours.port);
    let sent = 0;
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(args, async (rest) => {
          const argv = [...target, ...rest];
          fc.pre(keepsResp2(argv));
          if (c.closed) c = await CheckedConnection.open(ours.port);
          const [, pong] = await c.pipeline([argv, ['PING']]);
          sent++;
          expect(c.malformed, `malformed reply to ${JSON.stringify(argv)}`).toBeNull();
          if (argv[0] === 'quit') expect(c.closed || pong === 'PONG').toBe(true);
          else expect(pong, `reply after ${JSON.stringify(argv)}`).toBe('PONG');
        }),
        { numRuns: 60 },
      );
    }
    c.close();
    expect(sent).toBeGreaterThan(targets.length * 50);

    const check = await CheckedConnection.open(ours.port);
    expect(await check.call('GET', SENTINEL_KEY)).toBe(Buffer.from(SENTINEL_VALUE, 'latin1').toString('utf8'));
    check.close();
    expect(processFaults).toEqual([]);
  });
});
