import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { run } from '../helpers/run.js';
import { startOurs } from '../helpers/servers.js';
import { requireTool } from '../helpers/tools.js';

const haveBenchmark = requireTool('redis-benchmark', ['redis-benchmark', '--version']);

describe.skipIf(!haveBenchmark)('redis-benchmark', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOurs();
  });
  afterAll(() => server.close());

  it('a short run of ping, set, get, incr and mset reports no errors', async () => {
    const tests = ['ping', 'set', 'get', 'incr', 'mset'];
    const r = await run('redis-benchmark', ['-p', String(server.port), '-t', tests.join(','), '-n', '2000', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/error/i);
    const lines = r.stdout.split(/[\r\n]/).filter((l) => l.includes('requests per second'));
    expect(lines.length).toBeGreaterThanOrEqual(tests.length);
  });
});
