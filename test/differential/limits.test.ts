import { it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';

const LIMITS = ['client-output-buffer-limit', 'maxclients', 'timeout', 'tcp-keepalive', 'proto-max-bulk-len', 'client-query-buffer-limit', 'protected-mode', 'requirepass'];

describeDifferential('limit settings against redis-server', (d) => {
  it('CONFIG GET - the limit settings and their defaults', async () => {
    await d.same(LIMITS.map((name) => ['CONFIG', 'GET', name]));
  });

  it('CONFIG SET client-output-buffer-limit - classes, units and errors', async () => {
    await d.same([
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 512kb 5'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'slave 1 2 3 pubsub 4gb 5k 6'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', ''],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 512kb'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'master 1 1 1'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal x 1 1'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 1 -1'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 1 x'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0 replica 268435456 67108864 60 pubsub 33554432 8388608 60'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
    ]);
  });

  it('CONFIG SET - ranges of the connection limits', async () => {
    await d.same([
      ['CONFIG', 'SET', 'maxclients', '0'],
      ['CONFIG', 'SET', 'timeout', '-1'],
      ['CONFIG', 'SET', 'tcp-keepalive', 'abc'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1000'],
      ['CONFIG', 'SET', 'client-query-buffer-limit', '1k'],
      ['CONFIG', 'SET', 'protected-mode', 'maybe'],
      ['CONFIG', 'SET', 'timeout', '30'],
      ['CONFIG', 'GET', 'timeout'],
      ['CONFIG', 'SET', 'timeout', '0'],
    ]);
  });

  it('CONFIG SET proto-max-bulk-len - the next request is held to it', async () => {
    await d.same([['CONFIG', 'SET', 'proto-max-bulk-len', '1mb'], ['CONFIG', 'GET', 'proto-max-bulk-len']]);
    await d.sameUntilClose(`*2\r\n$4\r\nECHO\r\n$1048577\r\n`);
    await d.same([['CONFIG', 'SET', 'proto-max-bulk-len', '512mb']]);
  });
});
