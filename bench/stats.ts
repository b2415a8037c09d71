/** Small, pure arithmetic for the report. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** ours / theirs, NaN when either side is missing or theirs is 0. */
export function ratio(ours: number, theirs: number): number {
  return Number.isFinite(ours) && Number.isFinite(theirs) && theirs !== 0 ? ours / theirs : NaN;
}

/** Server CPU microseconds per request from /proc clock ticks used during a run. */
export function cpuMicrosPerOp(ticks: number, ticksPerSecond: number, requests: number): number {
  return requests > 0 ? (ticks * 1e6) / ticksPerSecond / requests : NaN;
}

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}
