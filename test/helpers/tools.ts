import { spawnSync } from 'node:child_process';

/**
 * Whether an external client (redis-cli, redis-benchmark, Debian's python3-redis) can run.
 * With CI set its absence is a failure, never a skip: .ci/run installs them.
 */
export function requireTool(name: string, probe: readonly string[]): boolean {
  const r = spawnSync(probe[0]!, probe.slice(1), { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env.CI) throw new Error(`${name} is not available, and CI is set: its client tests must run`);
  console.warn(`${name} not found: its client tests are skipped (apt-get install redis-tools python3-redis)`);
  return false;
}
