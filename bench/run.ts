/**
 * `npm run bench [-- --quick]`: dwc-resp beside a reference redis-server, both on free loopback
 * ports, measured with redis-benchmark. Writes bench-results/report.md, chart.svg and
 * results.json. Options (for profiling one case): --tests get,set --pipelines 16 --rounds N
 * --no-memory --no-startup --no-eviction --no-persistence --dwc-only --node-arg=--cpu-prof
 * (repeatable). The eviction (bench/eviction.ts) and persistence (bench/persistence.ts) phases take
 * minutes and are left out of --quick.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { keyName, loadKeys } from './loader.js';
import { cpuTicks, machineFacts, rssBytes, ticksPerSecond } from './proc.js';
import { renderMarkdown, summarize, type BenchResults, type CaseResult, type MemoryResult } from './report.js';
import { HOST, infoField, onPath, rawCommand, startDwc, startRedis, type ServerUnderTest } from './servers.js';
import { cpuMicrosPerOp } from './stats.js';
import { formatTable, runEvictionBench } from './eviction.js';
import { benchPersistence } from './persistence.js';
import { redisBenchmark, redisBenchmarkCsv } from './redis-benchmark.js';
import { renderRatioChart } from './svg.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const OUT_DIR = join(ROOT, 'bench-results');
const CLIENTS = 50;
const ALL_TESTS = ['set', 'get', 'incr', 'mset', 'ping_inline', 'ping_mbulk'];

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    tests: { type: 'string' },
    pipelines: { type: 'string', default: '1,16' },
    rounds: { type: 'string' },
    'no-memory': { type: 'boolean', default: false },
    'no-startup': { type: 'boolean', default: false },
    'no-eviction': { type: 'boolean', default: false },
    'no-persistence': { type: 'boolean', default: false },
    'dwc-only': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});

const quick = opts.quick;
const rounds = Number(opts.rounds ?? (quick ? 1 : 3));
const tests = opts.tests ? opts.tests.split(',') : ALL_TESTS;
const pipelines = opts.pipelines.split(',').map(Number);
/** Distinct keys SET/GET/INCR/MSET spread over (-r). */
const KEYSPACE = quick ? 100_000 : 1_000_000;
const MEMORY_KEYS = quick ? 100_000 : 1_000_000;

/** Requests per run, sized so one run takes a couple of seconds here (a quarter with --quick). */
function requestsFor(test: string, pipeline: number): number {
  const base = pipeline === 1 ? 200_000 : 2_000_000;
  const n = test === 'mset' ? base / 5 : base;
  return quick ? n / 4 : n;
}

/** Rebuilds dist when any source file is newer than dist/cli.js. */
function buildIfNeeded(): void {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs)));
  let built = 0;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    // not built yet
  }
  if (built >= newest(join(ROOT, 'src'))) return;
  console.log('building dist ...');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

async function runCase(server: ServerUnderTest, c: CaseResult): Promise<void> {
  if (c.failed[server.name]) return;
  const args = ['-h', HOST, '-p', String(server.port), '-c', String(CLIENTS), '-n', String(c.requests), '-P', String(c.pipeline), '-t', c.test];
  if (c.test !== 'ping_inline' && c.test !== 'ping_mbulk') args.push('-r', String(KEYSPACE));
  const before = cpuTicks(server.pid);
  const outcome = await redisBenchmarkCsv(args);
  const ticks = cpuTicks(server.pid) - before;
  if (!outcome.ok) {
    c.failed[server.name] = outcome.reason;
    console.log(`  ${server.name.padEnd(8)} ${c.test} -P ${c.pipeline}: n/a (${outcome.reason}) ${outcome.detail}`);
    return;
  }
  const sample = { rps: outcome.row.rps, p50Ms: outcome.row.p50Ms, p99Ms: outcome.row.p99Ms, cpuUsPerOp: cpuMicrosPerOp(ticks, ticksPerSecond, c.requests) };
  c.samples[server.name].push(sample);
  console.log(
    `  ${server.name.padEnd(8)} ${c.test.padEnd(11)} -P ${String(c.pipeline).padEnd(2)} ${Math.round(sample.rps).toString().padStart(8)} ops/s  ` +
      `p50 ${sample.p50Ms.toFixed(3)}  p99 ${sample.p99Ms.toFixed(3)}  cpu ${sample.cpuUsPerOp.toFixed(2)} µs/op`,
  );
}

async function measureMemory(start: () => Promise<ServerUnderTest>): Promise<{ rssPerKey: number; usedPerKey: number }> {
  const server = await start();
  try {
    const usedBefore = Number(infoField(await rawCommand(server.port, 'INFO memory\r\n'), 'used_memory'));
    const dbsize = async () => Number((await rawCommand(server.port, 'DBSIZE\r\n')).slice(1));
    const keysBefore = await dbsize();
    const rssBefore = rssBytes(server.pid);
    await loadKeys(server.port, MEMORY_KEYS);
    const added = (await dbsize()) - keysBefore;
    if (added !== MEMORY_KEYS) throw new Error(`${server.name}: ${added} keys added after loading ${MEMORY_KEYS}`);
    const check = await rawCommand(server.port, `GET ${keyName(MEMORY_KEYS - 1)}\r\n`);
    if (!check.startsWith('$32\r\n')) throw new Error(`${server.name}: unexpected GET reply ${check.slice(0, 40)}`);
    await new Promise((r) => setTimeout(r, 1000));
    const rssAfter = rssBytes(server.pid);
    const usedAfter = Number(infoField(await rawCommand(server.port, 'INFO memory\r\n'), 'used_memory'));
    return { rssPerKey: (rssAfter - rssBefore) / MEMORY_KEYS, usedPerKey: (usedAfter - usedBefore) / MEMORY_KEYS };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  buildIfNeeded();
  const withRedis = !opts['dwc-only'] && onPath('redis-server');
  if (!onPath('redis-benchmark')) throw new Error('redis-benchmark is not on PATH (Debian: apt-get install redis-tools)');
  if (!withRedis) console.log(opts['dwc-only'] ? 'measuring dwc-resp alone (--dwc-only)' : 'redis-server is not on PATH: measuring dwc-resp alone');
  const redisVersion = withRedis ? spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' sha=')[0]! : 'redis-server not found';

  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    quick,
    rounds,
    clients: CLIENTS,
    machine: machineFacts(redisVersion),
    withRedis,
    cases: [],
    memory: null,
    startupMs: [],
    sections: [],
  };
  for (const pipeline of pipelines) {
    for (const test of tests) {
      results.cases.push({ test, pipeline, requests: requestsFor(test, pipeline), samples: { 'dwc-resp': [], redis: [] }, failed: {} });
    }
  }

  const dwc = await startDwc(CLI, opts['node-arg']);
  const redis = withRedis ? await startRedis() : null;
  try {
    // Warm-up, not recorded: lets V8 compile the hot path before the first measured run.
    for (const server of redis === null ? [dwc] : [dwc, redis]) {
      await redisBenchmark(['-h', HOST, '-p', String(server.port), '-c', String(CLIENTS), '-n', '200000', '-P', '16', '-t', 'set,get,ping_mbulk', '-r', String(KEYSPACE), '-q']);
    }
    for (let round = 0; round < rounds; round++) {
      console.log(`round ${round + 1}/${rounds}`);
      // Alternate which server goes first, so drift and warm caches favour neither.
      const order = redis === null ? [dwc] : round % 2 === 0 ? [dwc, redis] : [redis, dwc];
      for (const c of results.cases) for (const server of order) await runCase(server, c);
    }
  } finally {
    await dwc.stop();
    await redis?.stop();
  }

  writeReport(results);

  if (!opts['no-memory']) {
    console.log(`memory: loading ${MEMORY_KEYS} keys into each server`);
    const ours = await measureMemory(() => startDwc(CLI));
    const theirs = withRedis ? await measureMemory(startRedis) : { rssPerKey: NaN, usedPerKey: NaN };
    const memory: MemoryResult = { keys: MEMORY_KEYS, rssPerKey: { 'dwc-resp': ours.rssPerKey, redis: theirs.rssPerKey }, accountedPerKey: ours.usedPerKey };
    results.memory = memory;
    console.log(`  RSS/key dwc-resp ${ours.rssPerKey.toFixed(1)} B (accounted ${ours.usedPerKey.toFixed(1)} B), redis ${theirs.rssPerKey.toFixed(1)} B`);
  }

  if (!opts['no-startup']) {
    for (let i = 0; i < 5; i++) {
      const s = await startDwc(CLI);
      results.startupMs.push(s.startMs);
      await s.stop();
    }
    console.log(`start-up to first PONG: ${results.startupMs.map((v) => v.toFixed(0)).join(', ')} ms`);
  }

  if (!quick && !opts['no-eviction']) {
    console.log('eviction: hit ratio on seeded traces, SET while evicting, cost per evicted key');
    const tables = await runEvictionBench({ log: (line) => console.log(line) });
    results.sections.push(['## Cache: eviction quality and cost', ...tables.map(formatTable)].join('\n\n'));
    writeReport(results);
  }

  if (!quick && !opts['no-persistence']) {
    console.log('persistence: SAVE and load of 1,000,000 keys beside Redis RDB');
    const p = await benchPersistence();
    const f = (n: number) => n.toFixed(0);
    results.sections.push(
      [
        '## Persistence',
        '',
        `${fmtCount(p.keys)} keys with ${p.valueBytes}-byte values; load is process start to first PONG with the file present.`,
        '',
        '| | dwc-resp | Redis | ratio |',
        '|---|---:|---:|---:|',
        `| SAVE | ${f(p.ours.saveMs)} ms | ${p.redis ? f(p.redis.saveMs) + ' ms' : 'n/a'} | ${p.saveRatio?.toFixed(2) ?? 'n/a'}x |`,
        `| load | ${f(p.ours.loadMs)} ms | ${p.redis ? f(p.redis.loadMs) + ' ms' : 'n/a'} | ${p.loadRatio?.toFixed(2) ?? 'n/a'}x |`,
        `| file size | ${f(p.ours.fileBytes / 2 ** 20)} MB | ${p.redis ? f(p.redis.fileBytes / 2 ** 20) + ' MB' : 'n/a'} | |`,
        `| peak RSS while loading | ${p.ours.loadPeakRssMb} MB | ${p.redis ? p.redis.loadPeakRssMb + ' MB' : 'n/a'} | |`,
        '',
        `BGSAVE took ${f(p.ours.bgsaveMs)} ms with a longest event-loop stall of ${f(p.ours.bgsaveMaxStallMs)} ms; RSS ${p.ours.rssBeforeBgsaveMb} MB before, ${p.ours.bgsavePeakRssMb} MB at peak.`,
      ].join('\n'),
    );
  }

  writeReport(results);
  console.log('\n' + renderMarkdown(results, 'chart.svg'));
  console.log(`written: ${join(OUT_DIR, 'report.md')}, chart.svg, results.json`);
}

const fmtCount = (n: number) => n.toLocaleString('en-US');

/** Writes the report of what has been measured so far (again after each phase). */
function writeReport(results: BenchResults): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const bars = results.cases.map(summarize).map((s) => ({ label: s.label, value: s.rpsRatio }));
  writeFileSync(join(OUT_DIR, 'chart.svg'), renderRatioChart(bars, { title: 'dwc-resp throughput / Redis (higher is better)', guides: [0.8] }));
  const report = renderMarkdown(results, 'chart.svg');
  writeFileSync(join(OUT_DIR, 'report.md'), report);
  writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
