import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';
import { RawConnection } from '../helpers/resp.js';

const dir = mkdtempSync(join(tmpdir(), 'dwc-diff-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeDifferential(
  'persistence commands against redis-server',
  (d) => {
    it('SAVE, BGSAVE and LASTSAVE - argument errors', async () => {
      await d.same([['SAVE', 'x'], ['BGSAVE', 'x'], ['BGSAVE', 'SCHEDULE', 'x'], ['BGSAVE', 'a', 'b'], ['LASTSAVE', 'x'], ['SAVE']]);
    });

    it('BGSAVE - a second BGSAVE, BGSAVE SCHEDULE or SAVE in the same turn is refused', async () => {
      // Commands sent in one packet run back to back, while the first save is still under way.
      await d.same([{ raw: 'SET k v\r\nBGSAVE\r\nBGSAVE\r\nbgsave schedule\r\nSAVE\r\n' }, { raw: '' }, { raw: '' }, { raw: '' }, { raw: '' }]);
    });
  },
  { ours: { config: { dir } } },
);

// The reference server needs an existing dir at start; removing it afterwards makes its saves
// fail (as root, permissions would not). Ours starts with a dir that does not exist.
const redisDir = mkdtempSync(join(tmpdir(), 'dwc-diff-misconf-'));
afterAll(() => rmSync(redisDir, { recursive: true, force: true }));

async function waitForStatus(port: number, status: string): Promise<void> {
  const c = await RawConnection.open(port);
  try {
    for (let i = 0; i < 200; i++) {
      if ((await c.call('INFO', 'persistence')).includes(`rdb_last_bgsave_status:${status}\r\n`)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`rdb_last_bgsave_status never became ${status} on port ${port}`);
  } finally {
    c.close();
  }
}

describeDifferential(
  'MISCONF against redis-server',
  (d) => {
    it('MISCONF - after a failed BGSAVE, writes and PING are refused, reads are served, SAVE fails', async () => {
      rmSync(redisDir, { recursive: true, force: true });
      await d.same([['SET', 'k', 'v'], ['BGSAVE']]);
      await Promise.all([waitForStatus(d.ourPort(), 'err'), waitForStatus(d.redisPort(), 'err')]);
      const replies = await d.same([['SET', 'k', 'w'], ['DEL', 'k'], ['PING'], ['PING', 'x'], ['GET', 'k'], ['ECHO', 'e'], ['EXISTS', 'k'], ['SAVE'], ['BGSAVE', 'x']]);
      expect(replies[2]).toMatch(/^-MISCONF /);
      expect(replies[7]).toBe('-ERR\r\n');
    });
  },
  { ours: { config: { dir: join(dir, 'missing'), save: '3600 1' } }, redisArgs: ['--save', '3600 1', '--dir', redisDir] },
);
