import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';
import { RawConnection } from '../helpers/resp.js';

// Redis answers the slot commands only in cluster mode, so the reference runs with it.
const nodesFile = `/tmp/dwc-resp-nodes-${process.pid}-${randomBytes(4).toString('hex')}.conf`;
afterAll(() => rmSync(nodesFile, { force: true }));

describeDifferential(
  'CLUSTER slot commands against redis-server in cluster mode',
  (d) => {
    it('CLUSTER KEYSLOT - plain keys, hash tags, empty tags and binary keys', async () => {
      const keys = ['foo', '', '{user1000}.following', 'a{}b', '{}{a}', 'foo{}{bar}', 'foo{{bar}}zap', '{', '}{a}', 'x{a}{b}', '\x00\xff{\x80}'];
      for (let i = 0; i < 30; i++) keys.push(randomBytes(i % 12).toString('latin1') + (i % 3 ? '{' : '') + randomBytes(3).toString('latin1') + '}');
      await d.same(keys.map((k) => ['CLUSTER', 'KEYSLOT', k]));
    });

    it('CLUSTER COUNTKEYSINSLOT and GETKEYSINSLOT - empty slots and argument errors', async () => {
      await d.same([
        ['CLUSTER', 'COUNTKEYSINSLOT', '1'],
        ['CLUSTER', 'COUNTKEYSINSLOT', '16384'],
        ['CLUSTER', 'COUNTKEYSINSLOT', '-1'],
        ['CLUSTER', 'COUNTKEYSINSLOT', 'x'],
        ['CLUSTER', 'COUNTKEYSINSLOT', '1', '2'],
        ['CLUSTER', 'GETKEYSINSLOT', '1', '1'],
        ['CLUSTER', 'GETKEYSINSLOT', '1', '-1'],
        ['CLUSTER', 'GETKEYSINSLOT', '16384', '1'],
        ['CLUSTER', 'GETKEYSINSLOT', 'x', '1'],
        ['CLUSTER', 'GETKEYSINSLOT', '1', 'x'],
        ['CLUSTER', 'KEYSLOT'],
        ['CLUSTER', 'NOSUCH'],
        ['CLUSTER'],
      ]);
    });
  },
  { redisArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', nodesFile] },
);

describeDifferential('CLUSTER outside cluster mode (documented difference)', (d) => {
  it('CLUSTER KEYSLOT - Redis refuses without cluster mode; dwc-resp answers', async () => {
    const [ours, theirs] = await Promise.all(
      [d.ourPort(), d.redisPort()].map(async (port) => {
        const c = await RawConnection.open(port);
        const r = await c.call('CLUSTER', 'KEYSLOT', 'foo');
        c.close();
        return r;
      }),
    );
    expect(theirs).toBe('-ERR This instance has cluster support disabled\r\n');
    expect(ours).toBe(':12182\r\n');
  });

  it('CLUSTER INFO, SLOTS, NODES, HELP - refused as Redis refuses them without cluster mode', async () => {
    await d.same([['CLUSTER', 'INFO'], ['CLUSTER', 'SLOTS'], ['cluster', 'nodes'], ['CLUSTER', 'HELP'], ['CLUSTER', 'MYID'], ['CLUSTER', 'INFO', 'x'], ['CLUSTER', 'ADDSLOTS']]);
  });
});
