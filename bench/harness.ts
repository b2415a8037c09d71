/**
 * Shared plumbing for the benchmark scripts: starting dwc-resp and redis-server as separate
 * processes on free loopback ports, and a minimal pipelining client that only needs to tell a
 * nil from a value and an error from OK.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { encodeCommand } from '../test/helpers/resp.js';
import { freePort } from '../test/helpers/servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  name: 'dwc-resp' | 'redis';
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function waitForPort(port: number, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server on ${port} exited with ${proc.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' }, () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(proc: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
}

/** dwc-resp in its own Node process, settings given as redis.conf-named flags. */
export async function startDwc(settings: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const flags = Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v]);
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', String(port), '--loglevel', 'warning', ...flags], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  await waitForPort(port, proc);
  return { name: 'dwc-resp', port, proc, stop: stopper(proc) };
}

export async function startRedisServer(settings: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const flags = Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v]);
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...flags], {
    stdio: 'ignore',
  });
  await waitForPort(port, proc);
  return { name: 'redis', port, proc, stop: stopper(proc) };
}

/** One parsed reply: null for a nil bulk, the text of a simple/error/integer/bulk reply otherwise. */
export type Reply = string | null;

/** A pipelining client: send many commands, await all their replies in order. */
export class Pipe {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private pending: Reply[] = [];
  private want = 0;
  private done: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), d]) : d;
      this.pos = 0;
      this.parse();
    });
  }

  static open(port: number): Promise<Pipe> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(new Pipe(s)));
      s.once('error', reject);
    });
  }

  private parse(): void {
    const b = this.buf;
    while (this.pending.length < this.want) {
      const cr = b.indexOf(13, this.pos);
      if (cr < 0) break;
      const type = b[this.pos];
      if (type === 0x24) {
        const len = Number(b.toString('latin1', this.pos + 1, cr));
        if (len < 0) {
          this.pending.push(null);
          this.pos = cr + 2;
          continue;
        }
        if (b.length < cr + 2 + len + 2) break;
        this.pending.push(b.toString('latin1', cr + 2, cr + 2 + len));
        this.pos = cr + 2 + len + 2;
      } else {
        this.pending.push(b.toString('latin1', this.pos, cr));
        this.pos = cr + 2;
      }
    }
    if (this.pending.length >= this.want && this.done) {
      const d = this.done;
      this.done = null;
      d();
    }
  }

  /** Sends the commands in one write and resolves with their replies. */
  async run(commands: ReadonlyArray<readonly string[]>): Promise<Reply[]> {
    this.pending = [];
    this.want = commands.length;
    const wait = new Promise<void>((resolve) => (this.done = resolve));
    this.socket.write(Buffer.concat(commands.map((c) => encodeCommand(c as string[]))));
    this.parse();
    await wait;
    return this.pending;
  }

  async call(...args: string[]): Promise<Reply> {
    return (await this.run([args]))[0]!;
  }

  async info(section: string): Promise<Record<string, string>> {
    const text = (await this.call('INFO', section)) ?? '';
    return Object.fromEntries(
      text
        .split('\r\n')
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
    );
  }

  close(): void {
    this.socket.destroy();
  }
}
