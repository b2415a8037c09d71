import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';
import { RawConnection } from './resp.js';

/** Starts dwc-resp in this process on a free port. */
export function startOurs(options: StartOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, ...options });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

export const redisServerPath: string | null = (() => {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
})();

/**
 * Whether the reference redis-server can be used. In CI its absence is a failure, never a skip:
 * the differential suite is the measure of compatibility.
 */
export function requireRedis(): boolean {
  if (redisServerPath) return true;
  if (process.env.CI) throw new Error('redis-server is not installed, and CI is set: the differential suite must run');
  console.warn('redis-server not found: differential tests are skipped (install redis-server to run them)');
  return false;
}

export interface ReferenceRedis {
  port: number;
  process: ChildProcess;
  close(): Promise<void>;
}

/** Starts Debian's redis-server on a free loopback port with persistence off. */
export async function startRedis(extraArgs: string[] = []): Promise<ReferenceRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dwc-ref-'));
  const proc = spawn(
    redisServerPath ?? 'redis-server',
    // A private --dir: redis-server loads any dump.rdb it finds there, even with --save ''.
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await RawConnection.open(port);
      c.close();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on ${port}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    port,
    process: proc,
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (proc.exitCode !== null) return done();
        proc.once('exit', done);
        proc.kill('SIGKILL');
      }),
  };
}
