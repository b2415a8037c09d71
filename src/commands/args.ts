/**
 * Argument parsing shared by the families, with Redis's strictness (util.c string2ll and
 * friends): no leading '+', spaces or zeros; a value outside int64 is not an integer.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const STRICT_INT = /^-?(0|[1-9][0-9]{0,19})$/;

/** The int64 value of `s`, or null. Exact over the whole int64 range. */
export function parseInt64(s: string): bigint | null {
  if (!STRICT_INT.test(s) || s === '-0') return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/**
 * The integer value of `s` as a JS number, or null when it is not an int64. Values beyond 2^53
 * lose precision; callers that must be exact there use parseInt64.
 */
export function parseInteger(s: string): number | null {
  if (s.length <= 15) {
    if (!STRICT_INT.test(s) || s === '-0') return null;
    return Number(s);
  }
  const v = parseInt64(s);
  return v === null ? null : Number(v);
}

/** Case-insensitive option match without allocating for the common spellings. */
export function isOption(arg: string, upper: string): boolean {
  return arg.length === upper.length && (arg === upper || arg.toUpperCase() === upper);
}

/**
 * An option word as Redis compares it: upper-cased, and cut at the first NUL, because Redis
 * matches options with strcasecmp on C strings ("NX\0junk" is NX).
 */
export function optionName(arg: string): string {
  const nul = arg.indexOf('\0');
  return (nul < 0 ? arg : arg.slice(0, nul)).toUpperCase();
}
