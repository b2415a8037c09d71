import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RawConnection } from './helpers/resp.js';

/** The built binary: `npm test` builds first (pretest). */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Started {
  proc: ChildProcess;
  /** The parsed JSON start-up line. */
  ready: Record<string, unknown>;
  lines: string[];
}

/** Spawns the CLI with piped stdout and resolves on its JSON "ready" line. */
function start(args: string[]): Promise<Started> {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        const rec = JSON.parse(line) as Record<string, unknown>;
        if (String(rec.msg).includes('ready on')) resolve({ proc, ready: rec, lines });
      }
    });
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.once('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
}

const exited = (proc: ChildProcess) => new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

describe('dwc-resp command line', () => {
  it('--help lists the redis.conf-named settings', () => {
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const flag of ['--port', '--bind', '--maxmemory', '--maxmemory-policy', '--requirepass', '--save', '--databases']) expect(r.stdout).toContain(flag);
  });

  it('a config file, then flags that win over it; one JSON start-up line; SIGTERM stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwc-cli-'));
    const file = join(dir, 'redis.conf');
    writeFileSync(file, '# test\nmaxmemory 2mb\nmaxmemory-policy volatile-lru\ndatabases 4\n');
    const { proc, ready, lines } = await start([file, '--port', '0', '--maxmemory-policy', 'allkeys-lru']);
    expect(ready).toMatchObject({ host: '127.0.0.1', maxmemory: 2 * 1024 * 1024, policy: 'allkeys-lru', databases: 4 });
    expect(lines).toHaveLength(1);
    const c = await RawConnection.open(Number(ready.port));
    expect(await c.call('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$7\r\n2097152\r\n');
    expect(await c.call('SELECT', '4')).toBe('-ERR DB index is out of range\r\n');
    const code = exited(proc);
    proc.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(lines.at(-1)).toContain('"signal":"SIGTERM"');
    await c.waitClosed();
  });

  it('SIGINT stops cleanly', async () => {
    const { proc } = await start(['--port', '0', '--save', '']);
    const code = exited(proc);
    proc.kill('SIGINT');
    expect(await code).toBe(0);
  });

  it('errors name the config file and line, or the flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwc-cli-'));
    const file = join(dir, 'bad.conf');
    writeFileSync(file, 'port 0\nmaxmemory-policy sometimes\n');
    const bad = spawnSync(process.execPath, [CLI, file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${file}:2: bad directive 'maxmemory-policy sometimes'`);
    const flag = spawnSync(process.execPath, [CLI, '--maxmemory', '12parsecs'], { encoding: 'utf8' });
    expect(flag.stderr).toBe("dwc-resp: --maxmemory '12parsecs': argument must be a memory value\n");
    const unknown = spawnSync(process.execPath, [CLI, '--nope', '1'], { encoding: 'utf8' });
    expect(unknown.stderr).toContain("Unknown option '--nope'");
  });
});
