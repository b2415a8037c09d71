import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { run } from '../helpers/run.js';
import { startOurs } from '../helpers/servers.js';
import { requireTool } from '../helpers/tools.js';

/** Debian's python3-redis (4.3.4) is importable only by the system interpreter. */
const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import sys, redis
r = redis.Redis(host='127.0.0.1', port=int(sys.argv[1]), db=1, client_name='py-app', decode_responses=True)
assert r.ping() is True
assert r.set('k', 'v', ex=100) is True
assert r.get('k') == 'v'
assert r.get('missing') is None
assert r.exists('k', 'missing') == 1
assert r.client_getname() == 'py-app'
assert r.client_info()['db'] == 1, r.client_info()
assert r.config_get('maxmemory') == {'maxmemory': '0'}
assert r.info('server')['redis_version'] == '7.0.15'
assert r.dbsize() == 1
p = r.pipeline(transaction=False)
p.set('a', '1').get('a').delete('a')
assert p.execute() == [True, '1', 1]
try:
    r.execute_command('NOSUCH')
    raise SystemExit('no error')
except redis.ResponseError as e:
    assert str(e).startswith("unknown command 'NOSUCH'"), str(e)
assert r.flushdb() is True
print('ok', redis.__version__)
`;

const haveRedisPy = requireTool('python3-redis', [PYTHON, '-c', 'import redis']);

describe.skipIf(!haveRedisPy)('redis-py (Debian python3-redis)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOurs();
  });
  afterAll(() => server.close());

  it('connects with a name and a database, runs commands and a pipeline', async () => {
    const r = await run(PYTHON, ['-c', SCRIPT, String(server.port)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ok /);
  });
});
