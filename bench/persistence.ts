/**
 * Snapshot persistence against Redis's RDB: SAVE time and load time (process start to the first
 * PONG, with the snapshot present) for N keys with 32-byte values, as ratios to redis-server,
 * plus peak RSS during BGSAVE and during load.
 *
 *   npx tsx bench/persistence.ts [keys]        (needs `npm run build` for dist/cli.js)
 *
 * `benchPersistence()` is exported for the main bench harness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFrom, RespServer } from '../src/index.js';

export interface PersistenceBenchResult {
  keys: number;
  valueBytes: number;
  ours: { saveMs: number; loadMs: number; fileBytes: number; bgsaveMs: number; bgsaveMaxStallMs: number; bgsavePeakRssMb: number; rssBeforeBgsaveMb: number; loadPeakRssMb: number };
  redis: { saveMs: number; loadMs: number; fileBytes: number; loadPeakRssMb: number } | null;
  saveRatio: number | null;
  loadRatio: number | null;
}

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function keyOf(i: number): string {
  return `key:${i}`;
}
function valueOf(i: number, size: number): string {
  const v = `value:${i}`;
  return v + 'x'.repeat(Math.max(0, size - v.length));
}

/** Peak RSS of a live process (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Sends one command and waits for its reply (one line or bulk is enough for PING/SAVE/SET replies). */
function call(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' }, () => s.write(args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).reduce((acc, x) => acc + x, `*${args.length}\r\n`)));
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (got.endsWith('\r\n')) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
  });
}

/** Time from spawn until PING answers +PONG (not -LOADING). */
async function startAndWait(cmd: string, args: string[], port: number): Promise<{ proc: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const proc = spawn(cmd, args, { stdio: 'ignore' });
  for (;;) {
    try {
      if ((await call(port, ['PING'])) === '+PONG\r\n') return { proc, ms: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`${cmd} exited with ${proc.exitCode}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/** Fills a server with SETs over one pipelined connection, 10,000 commands per batch. */
function populate(port: number, keys: number, valueBytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' });
    let sent = 0;
    let pendingOk = 0;
    let buf = '';
    const batch = () => {
      let out = '';
      const end = Math.min(keys, sent + 10_000);
      for (; sent < end; sent++) {
        const k = keyOf(sent);
        const v = valueOf(sent, valueBytes);
        out += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
        pendingOk++;
      }
      s.write(out);
    };
    s.on('connect', batch);
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const n = Math.floor(buf.length / 5);
      pendingOk -= n;
      buf = buf.slice(n * 5);
      if (pendingOk > 0) return;
      if (sent < keys) batch();
      else {
        s.destroy();
        resolve();
      }
    });
    s.on('error', reject);
  });
}

async function freePortFrom(base: number): Promise<number> {
  return base + Math.floor(Math.random() * 500);
}

async function benchOurs(keys: number, valueBytes: number, dir: string): Promise<PersistenceBenchResult['ours']> {
  const server = new RespServer({ config: configFrom({ dir, save: '' }) });
  const db = server.keyspace.dbs[0]!;
  const now = Date.now();
  for (let i = 0; i < keys; i++) db.put(keyOf(i), valueOf(i, valueBytes), null, now);

  let t0 = performance.now();
  if (!server.snapshots.save()) throw new Error('SAVE failed');
  const saveMs = performance.now() - t0;
  const fileBytes = statSync(join(dir, 'dump.json')).size;

  // BGSAVE: sample RSS and the longest gap between event-loop turns while it runs.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let maxStall = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    maxStall = Math.max(maxStall, t - last);
    last = t;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 1);
  t0 = performance.now();
  if (!(await server.snapshots.bgsave())) throw new Error('BGSAVE failed');
  const bgsaveMs = performance.now() - t0;
  clearInterval(timer);

  const port = await freePortFrom(17000);
  const { proc, ms: loadMs } = await startAndWait('node', [CLI, '--port', String(port), '--dir', dir, '--save', '', '--loglevel', 'warning'], port);
  const loadPeak = peakRss(proc.pid!);
  await stop(proc);
  return {
    saveMs,
    loadMs,
    fileBytes,
    bgsaveMs,
    bgsaveMaxStallMs: maxStall,
    bgsavePeakRssMb: mb(peak),
    rssBeforeBgsaveMb: mb(rssBefore),
    loadPeakRssMb: mb(loadPeak),
  };
}

async function benchRedis(keys: number, valueBytes: number, dir: string): Promise<PersistenceBenchResult['redis']> {
  const port = await freePortFrom(17500);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const first = await startAndWait('redis-server', args, port);
  await populate(port, keys, valueBytes);
  const t0 = performance.now();
  const reply = await call(port, ['SAVE']);
  const saveMs = performance.now() - t0;
  if (reply !== '+OK\r\n') throw new Error(`redis SAVE replied ${reply}`);
  await stop(first.proc);
  const fileBytes = statSync(join(dir, 'dump.rdb')).size;
  const { proc, ms: loadMs } = await startAndWait('redis-server', args, port);
  const loadPeak = peakRss(proc.pid!);
  await stop(proc);
  return { saveMs, loadMs, fileBytes, loadPeakRssMb: mb(loadPeak) };
}

function hasRedis(): boolean {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((p) => existsSync(p));
}

export async function benchPersistence(options: { keys?: number; valueBytes?: number } = {}): Promise<PersistenceBenchResult> {
  const keys = options.keys ?? 1_000_000;
  const valueBytes = options.valueBytes ?? 32;
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'dwc-bench-persist-'));
  try {
    const ours = await benchOurs(keys, valueBytes, join(dir, '.'));
    const redis = hasRedis() ? await benchRedis(keys, valueBytes, dir) : null;
    return {
      keys,
      valueBytes,
      ours,
      redis,
      saveRatio: redis ? ours.saveMs / redis.saveMs : null,
      loadRatio: redis ? ours.loadMs / redis.loadMs : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const keys = Number(process.argv[2] ?? 1_000_000);
  const r = await benchPersistence({ keys });
  const f = (n: number) => n.toFixed(0);
  console.log(`persistence: ${r.keys} keys, ${r.valueBytes}-byte values`);
  console.log(`  SAVE   ours ${f(r.ours.saveMs)} ms (${mb(r.ours.fileBytes)} MB)` + (r.redis ? `   redis ${f(r.redis.saveMs)} ms (${mb(r.redis.fileBytes)} MB)   ratio ${r.saveRatio!.toFixed(2)}x` : ''));
  console.log(`  load   ours ${f(r.ours.loadMs)} ms` + (r.redis ? `   redis ${f(r.redis.loadMs)} ms   ratio ${r.loadRatio!.toFixed(2)}x` : '') + '   (process start to first PONG)');
  console.log(`  BGSAVE ours ${f(r.ours.bgsaveMs)} ms, longest event-loop stall ${f(r.ours.bgsaveMaxStallMs)} ms, RSS ${r.ours.rssBeforeBgsaveMb} MB before, peak ${r.ours.bgsavePeakRssMb} MB`);
  console.log(`  load peak RSS  ours ${r.ours.loadPeakRssMb} MB` + (r.redis ? `   redis ${r.redis.loadPeakRssMb} MB` : ''));
}
