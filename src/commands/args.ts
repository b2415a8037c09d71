import { cString, Err } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import type { CommandContext } from './types.js';

/**
 * Argument parsing shared by the families, with Redis's strictness (util.c string2ll and
 * friends): no leading '+', spaces or zeros; a value outside int64 is not an integer.
 */

/** Redis's LLONG_MIN / LLONG_MAX. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
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

/**
 * An option word as Redis compares it: upper-cased, and cut at the first NUL, because Redis
 * matches options with strcasecmp on C strings ("NX\0junk" is NX).
 */
export function optionName(arg: string): string {
  return cString(arg).toUpperCase();
}

/** Whether `arg` is the option `upper`, as optionName compares; the exact spelling costs nothing. */
export function isOption(arg: string, upper: string): boolean {
  return arg === upper || optionName(arg) === upper;
}

/**
 * An int argument as getIntFromObjectOrReply reads it: `notInt` when it is no integer
 * (Redis's default text unless the command names its own), a range error beyond int32.
 */
export function intArgOrReply(ctx: CommandContext, arg: string, notInt: string = Err.notInteger): number | null {
  const n = parseInteger(arg);
  if (n === null) {
    ctx.reply.error(notInt);
    return null;
  }
  if (n < -2147483648 || n > 2147483647) {
    ctx.reply.error(notInt === Err.notInteger ? Err.intOutOfRange : notInt);
    return null;
  }
  return n;
}

/** The database an index argument names, or null after replying (not an int, or 'DB index is out of range'). */
export function dbArgOrReply(ctx: CommandContext, arg: string): Database | null {
  const index = intArgOrReply(ctx, arg);
  if (index === null) return null;
  const db = ctx.server.keyspace.dbs[index];
  if (index < 0 || db === undefined) {
    ctx.reply.error(Err.dbIndexOutOfRange);
    return null;
  }
  return db;
}
