import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { startOurs } from '../helpers/servers.js';

describe('ioredis 6', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOurs();
  });
  afterAll(() => server.close());

  for (const protocol of [undefined, 2] as const) {
    const label = protocol === undefined ? 'default options (HELLO 3)' : 'protocol: 2';
    it(`${label} - connects, names itself, selects a db and runs commands`, async () => {
      const redis = new Redis({ port: server.port, db: 3, connectionName: 'io-app', lazyConnect: true, ...(protocol ? { protocol } : {}) } as never);
      try {
        await redis.connect();
        expect(await redis.set('greeting', 'hello', 'EX', 100)).toBe('OK');
        expect(await redis.get('greeting')).toBe('hello');
        expect(await redis.get('missing')).toBeNull();
        expect(await redis.dbsize()).toBe(1);
        expect(await redis.client('GETNAME')).toBe('io-app');
        const info = await redis.client('INFO');
        expect(info).toContain(`db=3`);
        expect(info).toContain(`resp=${protocol ?? 3}`);
        expect(await redis.config('GET', 'maxmemory')).toEqual(['maxmemory', '0']);
        expect(await redis.info('server')).toContain('redis_version:7.0.15');
        const results = await redis.pipeline().set('a', '1').get('a').del('a').exec();
        expect(results).toEqual([[null, 'OK'], [null, '1'], [null, 1]]);
        await expect(redis.call('NOSUCH')).rejects.toThrow("ERR unknown command 'NOSUCH'");
        expect(await redis.flushdb()).toBe('OK');
      } finally {
        redis.disconnect();
      }
    });
  }
});
