import { describe, expect, it } from 'vitest';
import { judgeRun, parseBenchmarkCsv } from '../../bench/csv.js';
import { keyName, setCommand } from '../../bench/loader.js';
import { checkTargets, renderMarkdown, summarize, type BenchResults, type CaseResult } from '../../bench/report.js';
import { cpuMicrosPerOp, median, ratio } from '../../bench/stats.js';
import { renderRatioChart } from '../../bench/svg.js';
import { redisModelHitRatio } from '../../bench/redis-model.js';
import { belady, exactFifo, exactLru } from '../../bench/traces.js';
import { seededRandom } from '../helpers/random.js';

const HEADER = '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"';

describe('bench harness (pure parts)', () => {
  it('parses redis-benchmark --csv rows, including test names with spaces', () => {
    const rows = parseBenchmarkCsv(`${HEADER}\n"GET","666666.69","0.649","0.304","0.631","1.063","1.111","1.119"\n"MSET (10 keys)","256410.25","3.012","0.320","2.871","4.047","7.623","7.807"\n`);
    expect(rows).toEqual([
      { test: 'GET', rps: 666666.69, avgMs: 0.649, p50Ms: 0.631, p99Ms: 1.111, maxMs: 1.119 },
      { test: 'MSET (10 keys)', rps: 256410.25, avgMs: 3.012, p50Ms: 2.871, p99Ms: 7.623, maxMs: 7.807 },
    ]);
  });

  it('marks a run whose replies were errors, instead of failing', () => {
    const out = judgeRun(1, `${HEADER}\n`, "Error from server: ERR unknown command 'INCR', with args beginning with: 'counter:1'\n");
    expect(out).toMatchObject({ ok: false, reason: 'errors' });
    expect(judgeRun(1, '', 'Could not connect to Redis at 127.0.0.1:1: Connection refused\n')).toMatchObject({ ok: false, reason: 'no result' });
    expect(judgeRun(0, `${HEADER}\n"PING_INLINE","100.0","1","1","1","1","2","3"\n`, '')).toMatchObject({ ok: true, row: { test: 'PING_INLINE', rps: 100 } });
  });

  it('computes medians, ratios and CPU per operation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(ratio(80, 100)).toBeCloseTo(0.8);
    expect(ratio(80, NaN)).toBeNaN();
    expect(ratio(80, 0)).toBeNaN();
    // 150 ticks of 10 ms = 1.5 s of CPU over 1M requests = 1.5 µs each.
    expect(cpuMicrosPerOp(150, 100, 1_000_000)).toBeCloseTo(1.5);
  });

  it('computes the offline references: exact LRU, exact FIFO and Bélády', () => {
    // Capacity 2. LRU keeps 1 (re-read) and evicts 2 for 3, then hits 1; FIFO evicts 1 for 3.
    const ids = Int32Array.from([1, 2, 1, 3, 1, 2]);
    expect(exactLru(ids, 2) * ids.length).toBe(2);
    expect(exactFifo(ids, 2) * ids.length).toBe(1);
    // Bélády does not keep 3, which is never requested again, so 1, 1 and 2 hit.
    expect(belady(ids, 2) * ids.length).toBe(3);
  });

  it("models Redis's sampler: the rank decides among every key when samples cover them all", () => {
    // Three keys fit; 1 is read again before 4 arrives. LRU evicts 2 and hits 1 next, the
    // nearest deadline evicts 1 (written first). One request per second: no two accesses tie.
    const ids = Int32Array.from([1, 2, 3, 1, 4, 1]);
    for (const [sampling, samples] of [['walk', 5], ['uniform', 64]] as const) {
      const opts = { sampling, samples, requestsPerSecond: 1, random: seededRandom(7) };
      expect(redisModelHitRatio(ids, 3, { ...opts, rank: 'lru' }) * ids.length, sampling).toBe(2);
      expect(redisModelHitRatio(ids, 3, { ...opts, rank: 'ttl' }) * ids.length, sampling).toBe(1);
    }
  });

  it('loads with distinct fixed-width keys and well-formed SET commands', () => {
    expect(keyName(42)).toBe('key:0000042');
    expect(setCommand('k', 'vv')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n');
  });

  it('renders a ratio chart as SVG with a bar per test and n/a for missing ones', () => {
    const svg = renderRatioChart(
      [
        { label: 'GET -P 1', value: 1.05 },
        { label: 'INCR -P 1', value: NaN },
        { label: 'A<B', value: 0.5 },
      ],
      { title: 'ratio', guides: [0.8] },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('A&lt;B');
    expect(svg).toContain('stroke-dasharray');
  });

  it('summarizes rounds by median and checks the targets', () => {
    const sample = (rps: number, cpu: number) => ({ rps, p50Ms: 0.2, p99Ms: 0.5, cpuUsPerOp: cpu });
    const cases: CaseResult[] = [
      { test: 'get', pipeline: 1, requests: 10, samples: { 'dwc-resp': [sample(90, 2), sample(110, 2), sample(100, 2)], redis: [sample(100, 1)] }, failed: {} },
      { test: 'set', pipeline: 1, requests: 10, samples: { 'dwc-resp': [sample(100, 2)], redis: [sample(100, 1)] }, failed: {} },
      { test: 'incr', pipeline: 1, requests: 10, samples: { 'dwc-resp': [], redis: [sample(100, 1)] }, failed: { 'dwc-resp': 'errors' } },
    ];
    expect(summarize(cases[0]!)).toMatchObject({ rpsRatio: 1, cpuRatio: 2, label: 'GET -P 1' });
    expect(summarize(cases[2]!).rpsRatio).toBeNaN();
    const results: BenchResults = {
      startedAt: 'now',
      quick: true,
      rounds: 3,
      clients: 50,
      machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 24, node: 'v20', redis: 'Redis 7.0.15', kernel: '6' },
      withRedis: true,
      cases,
      memory: { keys: 100, rssPerKey: { 'dwc-resp': 150, redis: 130 }, accountedPerKey: 100 },
      startupMs: [120, 100, 140],
      sections: ['## Extra', 'a phase section'],
    };
    const checks = checkTargets(cases.map(summarize), results);
    expect(checks.map((c) => c.met)).toEqual([true, null, null, true, true]);
    const md = renderMarkdown(results, 'chart.svg');
    expect(md).toContain('| INCR -P 1 | n/a (errors) |');
    expect(md).toContain('| GET -P 1 | 100 | 100 | 1.00x |');
    expect(md).toContain('median 120 ms');
    expect(md.indexOf('a phase section')).toBeLessThan(md.indexOf('## Targets'));
  });
});
