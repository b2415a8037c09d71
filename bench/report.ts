import type { MachineFacts } from './proc.js';
import { fmt, fmtInt, median, ratio } from './stats.js';

/** The collected figures, and the markdown report made from them (pure: no I/O). */

export type ServerName = 'dwc-resp' | 'redis';

/** One redis-benchmark run of one test on one server. */
export interface RunSample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerOp: number;
}

export interface CaseResult {
  /** redis-benchmark -t name, e.g. "get". */
  test: string;
  pipeline: number;
  requests: number;
  samples: Record<ServerName, RunSample[]>;
  /** Set when a server answered with errors (command missing) or gave no result. */
  failed: Partial<Record<ServerName, string>>;
}

export interface MemoryResult {
  keys: number;
  rssPerKey: Record<ServerName, number>;
  /** dwc-resp's INFO used_memory growth per key (its own accounting). */
  accountedPerKey: number;
}

export interface BenchResults {
  startedAt: string;
  quick: boolean;
  rounds: number;
  clients: number;
  machine: MachineFacts;
  withRedis: boolean;
  cases: CaseResult[];
  memory: MemoryResult | null;
  startupMs: number[];
  /** Markdown sections of the cache (eviction) and persistence phases. */
  sections: string[];
}

export interface CaseSummary {
  label: string;
  test: string;
  pipeline: number;
  rps: Record<ServerName, number>;
  p50: Record<ServerName, number>;
  p99: Record<ServerName, number>;
  cpu: Record<ServerName, number>;
  rpsRatio: number;
  cpuRatio: number;
  note: string;
}

function med(samples: RunSample[], pick: (s: RunSample) => number): number {
  return median(samples.map(pick));
}

export function summarize(c: CaseResult): CaseSummary {
  const by = (pick: (s: RunSample) => number): Record<ServerName, number> => ({
    'dwc-resp': c.failed['dwc-resp'] ? NaN : med(c.samples['dwc-resp'], pick),
    redis: c.failed.redis ? NaN : med(c.samples.redis, pick),
  });
  const rps = by((s) => s.rps);
  const cpu = by((s) => s.cpuUsPerOp);
  const note = c.failed['dwc-resp'] ?? '';
  return {
    label: `${c.test.toUpperCase()} -P ${c.pipeline}`,
    test: c.test,
    pipeline: c.pipeline,
    rps,
    p50: by((s) => s.p50Ms),
    p99: by((s) => s.p99Ms),
    cpu,
    rpsRatio: ratio(rps['dwc-resp'], rps.redis),
    cpuRatio: ratio(cpu['dwc-resp'], cpu.redis),
    note,
  };
}

export interface TargetCheck {
  figure: string;
  target: string;
  measured: string;
  met: boolean | null;
}

/** The targets of the issue, checked against the summaries. */
export function checkTargets(summaries: CaseSummary[], results: BenchResults): TargetCheck[] {
  const find = (test: string, p: number) => summaries.find((s) => s.test === test && s.pipeline === p);
  const pair = (p: number, pick: (s: CaseSummary) => number): number[] =>
    ['get', 'set'].map((t) => find(t, p)).map((s) => (s ? pick(s) : NaN));
  const show = (vs: number[]) => `GET ${fmt(vs[0]!)}x, SET ${fmt(vs[1]!)}x`;
  const all = (vs: number[], ok: (v: number) => boolean): boolean | null => (vs.some((v) => !Number.isFinite(v)) ? null : vs.every(ok));
  const p1 = pair(1, (s) => s.rpsRatio);
  const p16 = pair(16, (s) => s.rpsRatio);
  const cpu16 = pair(16, (s) => s.cpuRatio);
  const checks: TargetCheck[] = [
    { figure: 'GET/SET throughput, -P 1', target: '>= 1.0x Redis', measured: show(p1), met: all(p1, (v) => v >= 1.0) },
    { figure: 'GET/SET throughput, -P 16', target: '>= 0.8x Redis', measured: show(p16), met: all(p16, (v) => v >= 0.8) },
    { figure: 'server CPU per op, -P 16', target: '<= 1.5x Redis', measured: show(cpu16), met: all(cpu16, (v) => v <= 1.5) },
  ];
  const m = results.memory;
  const rssRatio = m ? ratio(m.rssPerKey['dwc-resp'], m.rssPerKey.redis) : NaN;
  checks.push({
    figure: `RSS per key, ${m ? fmtInt(m.keys) : '-'} keys x 32 B`,
    target: '<= 1.2x Redis',
    measured: m ? `${fmt(m.rssPerKey['dwc-resp'], 1)} vs ${fmt(m.rssPerKey.redis, 1)} B = ${fmt(rssRatio)}x` : 'not measured',
    met: Number.isFinite(rssRatio) ? rssRatio <= 1.2 : null,
  });
  const start = median(results.startupMs);
  checks.push({
    figure: 'start to first PONG (median)',
    target: '<= 150 ms',
    measured: Number.isFinite(start) ? `${fmt(start, 0)} ms` : 'not measured',
    met: Number.isFinite(start) ? start <= 150 : null,
  });
  return checks;
}

export function renderMarkdown(results: BenchResults, chartFile: string): string {
  const m = results.machine;
  const summaries = results.cases.map(summarize);
  const lines: string[] = [];
  lines.push(`# dwc-resp benchmark${results.quick ? ' (quick)' : ''}`, '');
  lines.push(`${results.startedAt}. ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}; Node ${m.node}; ${m.redis}.`);
  lines.push(
    `redis-benchmark, ${results.clients} clients, loopback, ${results.rounds} round(s) alternating the servers; ` +
      'figures are medians over rounds; CPU is the server process\'s utime+stime per request.',
  );
  if (!results.withRedis) lines.push('', '**redis-server was not found on PATH: dwc-resp was measured alone.**');
  lines.push('', '## Throughput and latency', '');
  lines.push('| test | dwc-resp ops/s | Redis ops/s | ratio | p50 ms (ours / Redis) | p99 ms (ours / Redis) | CPU µs/op (ours / Redis) | CPU ratio |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of summaries) {
    if (s.note) {
      lines.push(`| ${s.label} | n/a (${s.note}) | ${fmtInt(s.rps.redis)} | n/a | | | | |`);
      continue;
    }
    lines.push(
      `| ${s.label} | ${fmtInt(s.rps['dwc-resp'])} | ${fmtInt(s.rps.redis)} | ${fmt(s.rpsRatio)}x | ` +
        `${fmt(s.p50['dwc-resp'], 3)} / ${fmt(s.p50.redis, 3)} | ${fmt(s.p99['dwc-resp'], 3)} / ${fmt(s.p99.redis, 3)} | ` +
        `${fmt(s.cpu['dwc-resp'])} / ${fmt(s.cpu.redis)} | ${fmt(s.cpuRatio)}x |`,
    );
  }
  lines.push('', `![ratio per test](${chartFile})`, '');
  if (results.memory) {
    const mm = results.memory;
    lines.push('## Memory', '');
    lines.push(`${fmtInt(mm.keys)} keys \`key:%07d\` with 32-byte values, loaded by pipelined SET into a fresh server; RSS growth per key.`, '');
    lines.push('| | dwc-resp | Redis | ratio |', '|---|---:|---:|---:|');
    lines.push(`| RSS per key | ${fmt(mm.rssPerKey['dwc-resp'], 1)} B | ${fmt(mm.rssPerKey.redis, 1)} B | ${fmt(ratio(mm.rssPerKey['dwc-resp'], mm.rssPerKey.redis))}x |`);
    lines.push(`| accounted (INFO used_memory) per key | ${fmt(mm.accountedPerKey, 1)} B | | |`, '');
  }
  if (results.startupMs.length > 0) {
    lines.push('## Start-up', '');
    lines.push(`Spawn of \`node dist/cli.js\` to its first PONG: median ${fmt(median(results.startupMs), 0)} ms over ${results.startupMs.length} starts (${results.startupMs.map((v) => fmt(v, 0)).join(', ')}).`, '');
  }
  for (const section of results.sections) lines.push(section, '');
  lines.push('## Targets', '', '| figure | target | measured | met |', '|---|---|---|---|');
  for (const t of checkTargets(summaries, results)) {
    lines.push(`| ${t.figure} | ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n') + '\n';
}
