import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandTable } from '../../src/commands/index.js';
import type { Command } from '../../src/commands/types.js';
import type { RunningServer } from '../../src/index.js';
import { RawConnection } from '../helpers/resp.js';
import { requireRedis, startOurs, startRedis, type ReferenceRedis } from '../helpers/servers.js';

const table = createCommandTable();

function* everyCommand(): Iterable<Command> {
  for (const cmd of table.all()) {
    yield cmd;
    if (cmd.children) yield* cmd.children.values();
  }
}

describe('command table', () => {
  it('every command has a handler or subcommands, flags and categories', () => {
    for (const cmd of everyCommand()) {
      expect(cmd.handler !== undefined || (cmd.children?.size ?? 0) > 0, cmd.fullName).toBe(true);
      if (cmd.children) for (const sub of cmd.children.values()) expect(typeof sub.handler, sub.fullName).toBe('function');
      expect(Array.isArray(cmd.flags), cmd.fullName).toBe(true);
      expect(cmd.categories?.length ?? 0, `${cmd.fullName} has ACL categories`).toBeGreaterThan(0);
      expect(cmd.name, cmd.fullName).toBe(cmd.name.toLowerCase());
      expect(cmd.arity, cmd.fullName).not.toBe(0);
    }
  });

  it('key positions are consistent with arity', () => {
    for (const cmd of everyCommand()) {
      const min = Math.abs(cmd.arity);
      if (cmd.firstKey === 0) {
        expect([cmd.lastKey, cmd.step], `${cmd.fullName} has no keys`).toEqual([0, 0]);
        continue;
      }
      expect(cmd.firstKey, `${cmd.fullName} first key within arity`).toBeLessThan(min);
      expect(cmd.step, `${cmd.fullName} step`).toBeGreaterThan(0);
      if (cmd.lastKey > 0) {
        expect(cmd.lastKey, `${cmd.fullName} last key`).toBeGreaterThanOrEqual(cmd.firstKey);
        if (cmd.arity > 0) expect(cmd.lastKey, `${cmd.fullName} last key within arity`).toBeLessThan(cmd.arity);
      } else {
        expect(cmd.arity, `${cmd.fullName}: a key list to the end needs a variable arity`).toBeLessThan(0);
      }
    }
  });
});

/**
 * What each client sends when it connects (read from their sources: ioredis 6 event_handler.js,
 * node-redis 5 client/index.js, redis-py 4.3/8.1 connection.py, redis-cli 7.0 redis-cli.c).
 */
const HANDSHAKES: Record<string, string[][]> = {
  'ioredis 6': [['HELLO', '3'], ['AUTH', 'pw'], ['CLIENT', 'SETNAME', 'app'], ['SELECT', '1'], ['INFO'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis'], ['CLIENT', 'SETINFO', 'LIB-VER', '6.0.0']],
  'node-redis 5': [['HELLO', '3', 'SETNAME', 'app'], ['CLIENT', 'SETINFO', 'LIB-VER', '5.12.1'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis'], ['SELECT', '1'], ['PING']],
  'redis-py': [['HELLO', '3'], ['AUTH', 'pw'], ['CLIENT', 'SETNAME', 'app'], ['CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py'], ['CLIENT', 'SETINFO', 'LIB-VER', '8.1.0'], ['SELECT', '0'], ['PING']],
  'redis-cli': [['AUTH', 'pw'], ['SELECT', '0'], ['HELLO', '3'], ['COMMAND'], ['COMMAND', 'DOCS'], ['PING']],
};

describe('handshake commands', () => {
  let ours: RunningServer;
  beforeAll(async () => {
    ours = await startOurs();
  });
  afterAll(() => ours.close());

  for (const [client, steps] of Object.entries(HANDSHAKES)) {
    it(`every command ${client} sends on connect is answered`, async () => {
      const c = await RawConnection.open(ours.port);
      try {
        for (const argv of steps) {
          const reply = await c.call(...argv);
          expect(reply, argv.join(' ')).not.toMatch(/^-ERR unknown (sub)?command/);
          expect(reply, argv.join(' ')).not.toMatch(/^-ERR wrong number/);
        }
      } finally {
        c.close();
      }
    });
  }
});

/** name, arity, flags, first, last, step and ACL categories of one COMMAND INFO entry. */
type Head = [string, number, string[], number, number, number, string[]];
const head = (e: unknown[]): Head => e.slice(0, 7) as Head;

describe.skipIf(!requireRedis())('command table against redis-server', () => {
  let ours: RunningServer;
  let redis: ReferenceRedis;
  beforeAll(async () => {
    [ours, redis] = await Promise.all([startOurs(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([ours?.close(), redis?.close()]);
  });

  it('arity, flags, key positions and categories match Redis 7.0.15 for every command', async () => {
    const names = [...everyCommand()].map((c) => c.fullName);
    const a = new Redis({ port: ours.port, lazyConnect: true, protocol: 2 } as never);
    const b = new Redis({ port: redis.port, lazyConnect: true, protocol: 2 } as never);
    try {
      const [mine, theirs] = (await Promise.all([a.call('COMMAND', 'INFO', ...names), b.call('COMMAND', 'INFO', ...names)])) as unknown[][][];
      names.forEach((name, i) => {
        // CLIENT SETINFO is Redis 7.2's and CLUSTER SLOT-STATS Valkey 8's; 7.0.15 knows neither.
        if (theirs[i] === null) return expect(['client|setinfo', 'cluster|slot-stats']).toContain(name);
        expect(head(mine[i]!), name).toEqual(head(theirs[i]!));
      });
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
