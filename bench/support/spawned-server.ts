import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckedConnection } from '../../test/helpers/checked-connection.js';
import { freePort } from '../servers.js';
import { rssBytes } from '../proc.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Builds dist/ from the current source, so the server measured is the code checked out. */
export function build(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** A dwc-resp process (the built dist/cli.js; call build() first) on a free loopback port. */
export interface SpawnedServer {
  port: number;
  process: ChildProcess;
  /** Everything the process wrote to stderr (an uncaught exception lands here). */
  stderr(): string;
  /** Its log (JSON lines on stdout, warnings and above). */
  log(): string;
  /** Resident set size now and at its peak (VmRSS, VmHWM), in bytes. */
  memory(): { rss: number; peakRss: number };
  exited(): boolean;
  stop(): Promise<number | null>;
}

export async function spawnServer(flags: string[] = []): Promise<SpawnedServer> {
  const port = await freePort();
  // A private --dir: fuzzing may well run SAVE (a corrupted LASTSAVE is one), and a snapshot
  // left in a shared directory would be loaded by the next server started there.
  const dir = mkdtempSync(join(tmpdir(), 'dwc-bench-'));
  const proc = spawn(process.execPath, [CLI, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--loglevel', 'warning', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let log = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited at start: ${stderr}`);
    try {
      (await CheckedConnection.open(port)).close();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`server did not start on ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const peakRss = () => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  };
  return {
    port,
    process: proc,
    stderr: () => stderr,
    log: () => log,
    memory: () => ({ rss: rssBytes(proc.pid!), peakRss: peakRss() }),
    exited: () => proc.exitCode !== null || proc.signalCode !== null,
    stop: () =>
      new Promise((resolve) => {
        const done = (code: number | null) => {
          rmSync(dir, { recursive: true, force: true });
          resolve(code);
        };
        if (proc.exitCode !== null || proc.signalCode !== null) return done(proc.exitCode);
        proc.once('exit', done);
        proc.kill('SIGTERM');
      }),
  };
}

/** `--name value` flags of a bench script, with defaults. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
