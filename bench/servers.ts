import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Starting and stopping the two servers under test, on free loopback ports. */

export const HOST = '127.0.0.1';

/** An empty working directory, so neither server loads a snapshot left by someone else. */
const WORK_DIR = mkdtempSync(join(tmpdir(), 'dwc-bench-'));
process.on('exit', () => rmSync(WORK_DIR, { recursive: true, force: true }));

export interface ServerUnderTest {
  name: 'dwc-resp' | 'redis';
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** One PING; resolves true on +PONG, false on any failure (refused, closed, other reply). */
export function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: HOST });
    let got = '';
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('error', () => done(false));
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) done(got === '+PONG\r\n');
    });
    s.once('connect', () => s.write('PING\r\n'));
  });
}

/** Polls until the server answers PONG; returns the milliseconds since `since`. */
export async function waitForPong(port: number, since: number, timeoutMs = 15_000): Promise<number> {
  for (;;) {
    if (await pingOnce(port)) return performance.now() - since;
    if (performance.now() - since > timeoutMs) throw new Error(`no PONG on port ${port} within ${timeoutMs} ms`);
    await sleep(2);
  }
}

function stopper(proc: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      // SIGTERM first: dwc-resp exits cleanly, which lets --cpu-prof write its profile.
      const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
}

/** Settings by their redis.conf names, as command-line flags of either server. */
export type Settings = Record<string, string>;
const asFlags = (settings: Settings) => Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v]);

/** Spawns `node dist/cli.js`; `startMs` is the time from spawn to the first PONG. */
export async function startDwc(cliPath: string, nodeArgs: string[] = [], settings: Settings = {}): Promise<ServerUnderTest & { startMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...nodeArgs, cliPath, '--port', String(port), '--loglevel', 'warning', ...asFlags(settings)], {
    cwd: WORK_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const startMs = await waitForPong(port, t0);
  return { name: 'dwc-resp', port, pid: proc.pid!, stop: stopper(proc), startMs };
}

export async function startRedis(settings: Settings = {}): Promise<ServerUnderTest> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', WORK_DIR, ...asFlags(settings)];
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  await waitForPong(port, performance.now());
  return { name: 'redis', port, pid: proc.pid!, stop: stopper(proc) };
}

/** Sends one command given as an inline line and returns the raw reply text (INFO, DEBUG ...). */
export function rawCommand(port: number, resp: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: HOST });
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    s.once('error', reject);
    s.once('connect', () => s.write(resp));
    s.on('data', (d) => {
      chunks.push(d);
      // Replies here are small; wait briefly for the rest, then close.
      clearTimeout(timer);
      timer = setTimeout(() => {
        s.destroy();
        resolve(Buffer.concat(chunks).toString('latin1'));
      }, 30);
    });
  });
}

export function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}
