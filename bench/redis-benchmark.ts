import { spawn } from 'node:child_process';
import { judgeRun, type BenchOutcome } from './csv.js';

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs redis-benchmark with `args`; a run that hangs (a server that stopped answering) is killed. */
export function redisBenchmark(args: string[]): Promise<RunOutput> {
  return new Promise((resolvePromise) => {
    const p = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** One `--csv` run, judged (errors from the server and missing rows are failures). */
export async function redisBenchmarkCsv(args: string[]): Promise<BenchOutcome> {
  const out = await redisBenchmark([...args, '--csv']);
  return judgeRun(out.code, out.stdout, out.stderr);
}
