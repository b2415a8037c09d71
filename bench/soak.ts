/**
 * Soak: mixed load against a spawned dwc-resp on loopback for a long time, sampling its RSS.
 *
 *   npx tsx bench/soak.ts --minutes 10 [--clients 40] [--keys 100000] [--maxmemory 64mb] [--sample 5]
 *
 * Many clients, half pipelining (20 commands a write) and half one command at a time; reads,
 * writes of 16 B..2 KB values, expiring keys (SET EX 1..10), deletes, multi-key EXISTS, DBSIZE,
 * INFO. The key space is bounded, so once it is populated memory must stop growing: the script
 * checks that RSS after warm-up (the first fifth) does not grow (the last quarter's median at
 * most 10% above the first quarter's after warm-up; V8's heap breathes, so RSS may well fall),
 * that there were no error replies, no malformed replies (checked by redis-parser) and that the
 * server is still alive.
 */
import { CheckedConnection } from '../test/helpers/checked-connection.js';
import { build, flag, mb, spawnServer } from './support/spawned-server.js';

const minutes = Number(flag('minutes', '10'));
const clients = Number(flag('clients', '40'));
const keys = Number(flag('keys', '100000'));
const maxmemory = flag('maxmemory', '');
const sampleSec = Number(flag('sample', '5'));

const VALUE = 'v'.repeat(2048);
const rnd = (n: number) => Math.floor(Math.random() * n);
const key = () => `soak:${rnd(keys)}`;

function command(): string[] {
  const r = Math.random();
  if (r < 0.4) return ['GET', key()];
  if (r < 0.65) return ['SET', key(), VALUE.slice(0, 16 + rnd(2032))];
  if (r < 0.8) return ['SET', key(), VALUE.slice(0, 16 + rnd(512)), 'EX', String(1 + rnd(10))];
  if (r < 0.85) return ['DEL', key()];
  if (r < 0.9) return ['EXISTS', key(), key(), key()];
  if (r < 0.95) return ['PING'];
  if (r < 0.99) return ['DBSIZE'];
  return ['INFO'];
}

build();
const server = await spawnServer(maxmemory ? ['--maxmemory', maxmemory, '--maxmemory-policy', 'allkeys-lru'] : []);
let ops = 0;
let errors = 0;
const errorSamples = new Set<string>();
let stop = false;

async function worker(pipelined: boolean): Promise<void> {
  const c = await CheckedConnection.open(server.port);
  while (!stop) {
    const batch = pipelined ? Array.from({ length: 20 }, command) : [command()];
    const replies = await c.pipeline(batch);
    for (const r of replies) {
      if (r instanceof Error) {
        errors++;
        if (errorSamples.size < 5) errorSamples.add(r.message);
      }
    }
    ops += batch.length;
    if (c.closed) {
      errors++;
      errorSamples.add(c.malformed ? `malformed reply: ${c.malformed.message}` : 'connection closed by the server');
      return;
    }
  }
  c.close();
}

const monitor = await CheckedConnection.open(server.port);
/** Accounted bytes and V8 heap in use (garbage included until the next collection). */
const memoryFields = async () => {
  const text = String(await monitor.call('INFO', 'memory'));
  const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(text)?.[1] ?? 0);
  return { used: field('used_memory'), heap: field('used_memory_heap') };
};

console.log(`soak: ${minutes} min, ${clients} clients (half pipelining 20), ${keys} keys, maxmemory ${maxmemory || 'off'}, port ${server.port}`);
console.log('  time    RSS        heap       accounted   keys     ops/s    errors');
const workers = Array.from({ length: clients }, (_, i) => worker(i % 2 === 0));
const samples: Array<{ t: number; rss: number }> = [];
const start = Date.now();
let lastOps = 0;
while (Date.now() - start < minutes * 60_000 && !server.exited()) {
  await new Promise((r) => setTimeout(r, sampleSec * 1000));
  if (server.exited()) break;
  const t = (Date.now() - start) / 1000;
  const { rss } = server.memory();
  const dbsize = Number(await monitor.call('DBSIZE'));
  samples.push({ t, rss });
  const rate = Math.round((ops - lastOps) / sampleSec);
  lastOps = ops;
  const { used, heap } = await memoryFields();
  console.log(`${t.toFixed(0).padStart(6)}s  ${mb(rss).padStart(9)}  ${mb(heap).padStart(9)}  ${mb(used).padStart(9)}  ${String(dbsize).padStart(7)}  ${String(rate).padStart(7)}  ${errors}`);
}
stop = true;
await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 5000))]);
const alive = !server.exited();
monitor.close();
const exitCode = await server.stop();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const after = samples.slice(Math.ceil(samples.length / 5));
const quarter = Math.max(1, Math.floor(after.length / 4));
const early = median(after.slice(0, quarter).map((s) => s.rss));
const late = median(after.slice(-quarter).map((s) => s.rss));
const growth = early > 0 ? (late - early) / early : 0;
const peak = Math.max(...samples.map((s) => s.rss));
const flat = growth <= 0.1;
console.log(
  `\nops ${ops}, errors ${errors}${errorSamples.size ? ` (${[...errorSamples].join('; ')})` : ''}, server ${alive ? 'alive' : 'DIED'} (exit ${exitCode})`,
);
console.log(`RSS after warm-up: ${mb(early)} -> ${mb(late)} (${(growth * 100).toFixed(1)}%), peak ${mb(peak)}: ${flat ? 'no growth' : 'GROWING'}`);
if (server.stderr().trim()) console.log(`server stderr:\n${server.stderr()}`);
const ok = flat && errors === 0 && alive;
console.log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
