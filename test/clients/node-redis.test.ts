import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { startOurs } from '../helpers/servers.js';

describe('node-redis 5', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOurs();
  });
  afterAll(() => server.close());

  for (const RESP of [2, 3] as const) {
    it(`RESP${RESP} - connects with a name and a database, runs commands`, async () => {
      const client = createClient({ socket: { port: server.port, host: '127.0.0.1', reconnectStrategy: false }, RESP, name: 'nr-app', database: 2 });
      client.on('error', () => {});
      await client.connect();
      try {
        expect(await client.set('k', 'v', { EX: 100 })).toBe('OK');
        expect(await client.get('k')).toBe('v');
        expect(await client.get('missing')).toBeNull();
        expect(await client.exists(['k', 'missing'])).toBe(1);
        expect(await client.clientGetName()).toBe('nr-app');
        const info = await client.clientInfo();
        expect(info.db).toBe(2);
        expect(await client.configGet('maxmemory*')).toMatchObject({ maxmemory: '0', 'maxmemory-policy': 'noeviction' });
        expect(await client.info('server')).toContain('redis_version:7.0.15');
        await expect(client.sendCommand(['NOSUCH'])).rejects.toThrow("ERR unknown command 'NOSUCH'");
        expect(await client.flushDb()).toBe('OK');
      } finally {
        client.destroy();
      }
    });
  }
});
