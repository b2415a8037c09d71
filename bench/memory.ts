/**
 * Memory per key, measured (`npx tsx bench/memory.ts`): loads 1M keys with 32-byte values into
 * dwc-resp and into redis-server side by side, and reports the growth of each process's RSS
 * per key, and how close dwc-resp's accounted bytes (used_memory, the figure maxmemory is
 * compared with) come to its RSS growth. ENTRY_OVERHEAD in src/keyspace/entry.ts is set from it.
 */
import { pathToFileURL } from 'node:url';
import { Pipe, startDwc, startRedisServer, type ServerProcess } from './harness.js';
import type { Table } from './eviction.js';

const VALUE = 'v'.repeat(32);
const keyOf = (id: number) => `key:${String(id).padStart(8, '0')}`;

async function measure(server: ServerProcess, keys: number): Promise<{ rss: number; used: number }> {
  const pipe = await Pipe.open(server.port);
  try {
    const before = await pipe.info('memory');
    for (let i = 0; i < keys; i += 1000) {
      const cmds: string[][] = [];
      for (let j = i; j < Math.min(keys, i + 1000); j++) cmds.push(['SET', keyOf(j), VALUE]);
      await pipe.run(cmds);
    }
    // Let the collector settle (V8 frees the decoder's garbage lazily) before reading RSS.
    await new Promise((r) => setTimeout(r, 3000));
    const after = await pipe.info('memory');
    return {
      rss: (Number(after.used_memory_rss) - Number(before.used_memory_rss)) / keys,
      used: (Number(after.used_memory) - Number(before.used_memory)) / keys,
    };
  } finally {
    pipe.close();
  }
}

export async function runMemoryBench(keys = 1_000_000, log: (s: string) => void = () => {}): Promise<Table> {
  const rows: Table['rows'] = [];
  for (const start of [() => startDwc(), () => startRedisServer()]) {
    const server = await start();
    try {
      const m = await measure(server, keys);
      log(`  ${server.name}: RSS +${m.rss.toFixed(1)} B/key, used_memory +${m.used.toFixed(1)} B/key`);
      rows.push([server.name, m.rss.toFixed(1), m.used.toFixed(1), (m.used / m.rss).toFixed(2)]);
    } finally {
      await server.stop();
    }
  }
  const ratio = Number(rows[0]![1]) / Number(rows[1]![1]);
  rows.push(['dwc-resp / redis (RSS)', ratio.toFixed(2), '', '']);
  return {
    title: `Memory, ${keys} keys of 12 bytes with 32-byte values`,
    columns: ['server', 'RSS growth B/key', 'used_memory growth B/key', 'accounted / RSS'],
    rows,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatTable } = await import('./eviction.js');
  console.log(formatTable(await runMemoryBench(1_000_000, (s) => console.error(s))));
}
