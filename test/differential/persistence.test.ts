import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { describeDifferential } from '../helpers/diff.js';

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
