/**
 * Expiry storm: 1,000,000 keys that all expire at the same moment, while another client keeps
 * sending PING. Prints PING latency (p50/p99/max) during the storm, the time until DBSIZE is 0
 * and the time until used_memory is back to the empty-server figure.
 *
 *     npx tsx bench/expiry-storm.ts            # dwc-resp (started as a child process)
 *     npx tsx bench/expiry-storm.ts --redis    # the same against redis-server, for comparison
 *     KEYS=200000 npx tsx bench/expiry-storm.ts
 *
 * Loopback only, on a free port; the server is stopped at the end. Not a test: no assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const KEYS = Number(process.env.KEYS ?? 1_000_000);
const BATCH = 2000;
const useRedis = process.argv.includes('--redis');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A pipelining RESP client that only needs to know where each reply ends. */
class Conn {
  private buf = '';
  private waiting: Array<{ n: number; replies: string[]; done: (r: string[]) => void }> = [];
  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.buf += d.toString('latin1');
      this.drain();
    });
  }
  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Conn(s)));
      s.once('error', reject);
    });
  }
  private drain(): void {
    while (this.waiting.length > 0) {
      const w = this.waiting[0]!;
      const end = replyEnd(this.buf);
      if (end < 0) return;
      w.replies.push(this.buf.slice(0, end));
      this.buf = this.buf.slice(end);
      if (w.replies.length === w.n) {
        this.waiting.shift();
        w.done(w.replies);
      }
    }
  }
  send(commands: string[][]): Promise<string[]> {
    const p = new Promise<string[]>((done) => this.waiting.push({ n: commands.length, replies: [], done }));
    this.socket.write(commands.map((c) => `*${c.length}\r\n${c.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`).join(''), 'latin1');
    return p;
  }
  async call(...args: string[]): Promise<string> {
    return (await this.send([args]))[0]!;
  }
  close(): void {
    this.socket.destroy();
  }
}

/** End of the first reply in `s` (simple, integer, bulk replies and the INFO bulk). */
function replyEnd(s: string): number {
  const cr = s.indexOf('\r\n');
  if (cr < 0) return -1;
  if (s[0] !== '$') return cr + 2;
  const len = Number(s.slice(1, cr));
  if (len < 0) return cr + 2;
  return s.length >= cr + 2 + len + 2 ? cr + 2 + len + 2 : -1;
}

async function startTarget(port: number): Promise<ChildProcess> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = useRedis
    ? spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    : spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', String(port), '--loglevel', 'warning'], { cwd: root, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      (await Conn.open(port)).close();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('server did not start');
}

const usedMemory = async (c: Conn) => Number(/used_memory:(\d+)/.exec(await c.call('INFO', 'memory'))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const port = await freePort();
  const child = await startTarget(port);
  try {
    const loader = await Conn.open(port);
    const baseline = await usedMemory(loader);
    // One deadline for every key, far enough ahead for the load to finish first.
    const t0 = Date.now();
    const deadline = t0 + 8000 + KEYS / 100;
    for (let i = 0; i < KEYS; i += BATCH) {
      const batch: string[][] = [];
      for (let j = i; j < Math.min(KEYS, i + BATCH); j++) batch.push(['SET', `storm:${j}`, 'x'.repeat(32), 'PXAT', String(deadline)]);
      await loader.send(batch);
    }
    const loaded = await usedMemory(loader);
    console.log(`${useRedis ? 'redis-server' : 'dwc-resp'}: loaded ${KEYS} keys in ${Date.now() - t0} ms; used_memory ${baseline} -> ${loaded}`);
    if (Date.now() >= deadline) throw new Error('load took longer than the TTL; raise the margin');

    const pinger = await Conn.open(port);
    await sleep(deadline - Date.now() - 500);
    const latencies: number[] = [];
    let emptyAt = 0;
    let reclaimedAt = 0;
    const watcher = (async () => {
      while (reclaimedAt === 0) {
        const now = Date.now();
        if (now > deadline && emptyAt === 0 && (await loader.call('DBSIZE')) === ':0\r\n') emptyAt = Date.now();
        if (emptyAt !== 0 && (await usedMemory(loader)) <= baseline + (loaded - baseline) * 0.01) reclaimedAt = Date.now();
        if (now - deadline > 60_000) break;
        await sleep(20);
      }
    })();
    while (reclaimedAt === 0 && Date.now() - deadline < 60_000) {
      const start = process.hrtime.bigint();
      await pinger.call('PING');
      if (Date.now() >= deadline) latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      await sleep(1);
    }
    await watcher;
    latencies.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(2);
    const [p50, p99, max] = [percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1]!].map(f);
    console.log(`PING during the storm: ${latencies.length} samples, p50 ${p50} ms, p99 ${p99} ms, max ${max} ms`);
    const since = (t: number) => (t ? `${t - deadline} ms` : 'n/a');
    console.log(`DBSIZE 0 after ${since(emptyAt)}; used_memory within 1% of empty after ${since(reclaimedAt)}`);
    loader.close();
    pinger.close();
  } finally {
    child.kill('SIGKILL');
  }
}

await main();
