import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { startOurs } from '../helpers/servers.js';
import { run } from '../helpers/run.js';
import { requireTool } from '../helpers/tools.js';

const PTY_DRIVER = fileURLToPath(new URL('./redis-cli-pty.py', import.meta.url));

const haveCli = requireTool('redis-cli', ['redis-cli', '--version']);
const havePty = haveCli && requireTool('python3 (for the pty driver)', ['/usr/bin/python3', '-c', 'import pty']);

describe.skipIf(!haveCli)('redis-cli', () => {
  let server: RunningServer;
  let port: string;
  beforeAll(async () => {
    server = await startOurs();
    port = String(server.port);
  });
  afterAll(() => server.close());

  it('command form - arguments on the command line', async () => {
    expect((await run('redis-cli', ['-p', port, 'set', 'greeting', 'hello world'])).stdout).toBe('OK\n');
    expect((await run('redis-cli', ['-p', port, 'get', 'greeting'])).stdout).toBe('hello world\n');
    expect((await run('redis-cli', ['-p', port, 'nosuch'])).stdout).toMatch(/^ERR unknown command 'nosuch', with args beginning with: \n/);
    expect((await run('redis-cli', ['-p', port, '-n', '3', 'dbsize'])).stdout).toBe('0\n');
    expect((await run('redis-cli', ['-p', port, '-3', 'hello'])).stdout).toContain('proto 3\n');
    expect((await run('redis-cli', ['-p', port, 'info', 'server'])).stdout).toContain('redis_version:7.0.15');
  });

  it('commands read from stdin', async () => {
    const r = await run('redis-cli', ['-p', port], 'set a 1\nget a\nexists a b\nclient setname cli-test\nclient getname\n');
    expect(r.stdout).toBe('OK\n1\n1\nOK\ncli-test\n');
    expect(r.code).toBe(0);
  });

  it.skipIf(!havePty)('interactive mode - prompt, hints, replies, SELECT in the prompt, help', async () => {
    const r = await run('/usr/bin/python3', [
      PTY_DRIVER, port,
      'set a b', 'OK',
      'get a', '"b"',
      'select 2', `127.0.0.1:${port}[2]> `,
      'nosuch x', "(error) ERR unknown command 'nosuch'",
      'help get', 'Get the value of a key',
      // The hint comes from COMMAND DOCS, shown in grey while typing.
      'get ', 'get \x1b[0;90;49mkey',
      'client getname', '(nil)',
    ], '', 50_000);
    expect(r.code, r.stdout).toBe(0);
  }, 60_000);
});
