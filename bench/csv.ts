/**
 * Parsing of `redis-benchmark --csv` output (Redis 7.0):
 *   "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
 *   "GET","666666.69","0.649","0.304","0.631","1.063","1.111","1.119"
 * When the server answers a request with an error, redis-benchmark 7.0 prints
 * "Error from server: ..." and exits 1 without a row; we report that as `errors`.
 */

export interface BenchRow {
  test: string;
  rps: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Splits one CSV line of double-quoted fields (redis-benchmark never quotes a quote). */
function fields(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]!.trim());
}

/** The data rows of one redis-benchmark --csv output, keyed by the column names of its header. */
export function parseBenchmarkCsv(text: string): BenchRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.startsWith('"'));
  const header = lines.findIndex((l) => l.startsWith('"test"'));
  if (header < 0) return [];
  const names = fields(lines[header]!);
  const col = (row: string[], name: string): number => {
    const i = names.indexOf(name);
    return i < 0 ? NaN : Number(row[i]);
  };
  return lines.slice(header + 1).map((line) => {
    const row = fields(line);
    return {
      test: row[0]!,
      rps: col(row, 'rps'),
      avgMs: col(row, 'avg_latency_ms'),
      p50Ms: col(row, 'p50_latency_ms'),
      p99Ms: col(row, 'p99_latency_ms'),
      maxMs: col(row, 'max_latency_ms'),
    };
  });
}

export type BenchOutcome = { ok: true; row: BenchRow } | { ok: false; reason: 'errors' | 'no result'; detail: string };

/** Judges one run of redis-benchmark for one test from its exit code and output. */
export function judgeRun(exitCode: number | null, stdout: string, stderr: string): BenchOutcome {
  const all = stdout + '\n' + stderr;
  const error = all.split('\n').find((l) => l.startsWith('Error from server'));
  if (error !== undefined) return { ok: false, reason: 'errors', detail: error.trim() };
  const rows = parseBenchmarkCsv(stdout);
  if (exitCode !== 0 || rows.length === 0) return { ok: false, reason: 'no result', detail: `exit ${exitCode}: ${stderr.trim().slice(0, 200)}` };
  return { ok: true, row: rows[0]! };
}
