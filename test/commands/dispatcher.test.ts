import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { encodeCommand, RawConnection } from '../helpers/resp.js';
import { startOurs } from '../helpers/servers.js';

describe('dispatcher', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOurs();
  });
  afterAll(() => server.close());

  it('INFO commandstats - pipelined commands are each counted with whole-microsecond times', async () => {
    const c = await RawConnection.open(server.port);
    const pipeline = Array.from({ length: 50 }, (_, i) => encodeCommand(i % 2 ? ['GET', `k${i}`] : ['SET', `k${i}`, 'v']));
    c.write(Buffer.concat(pipeline));
    const replies = await c.read(50);
    expect(replies.filter((r) => r === '+OK\r\n')).toHaveLength(25);
    const info = (await c.call('INFO', 'commandstats')).split('\r\n');
    for (const name of ['get', 'set']) {
      const line = info.find((l) => l.startsWith(`cmdstat_${name}:`));
      expect(line).toMatch(new RegExp(`^cmdstat_${name}:calls=25,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0$`));
    }
    c.close();
  });
});
