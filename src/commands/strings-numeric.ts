import { Err } from '../errors.js';
import { markEncoding } from '../keyspace/encoding.js';
import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from './args.js';
import { ZERO, addLongDouble, formatLongDouble, parseLongDouble } from './long-double.js';
import type { CommandContext, CommandSpec } from './types.js';

/** Below this magnitude a sum of two integers is exact in a JS number. */
const SMALL = 2 ** 52;

/** A stored or given integer: a number when small (the fast path), a bigint otherwise. */
function parseCounter(s: string): number | bigint | null {
  const n = parseInteger(s);
  if (n !== null && Math.abs(n) < SMALL) return n;
  return n === null ? null : parseInt64(s);
}

/**
 * Redis's incrDecrCommand: the stored value (missing counts as 0) must be an int64, the sum must
 * stay in int64, and the key keeps its TTL.
 */
function incrDecr(ctx: CommandContext, key: string, incr: number | bigint): void {
  const { db, now } = ctx;
  const e = db.getForWrite(key, now);
  const value = e === undefined ? 0 : parseCounter(e.value);
  if (value === null) {
    ctx.reply.error(Err.notInteger);
    return;
  }
  let sum: number | bigint;
  if (typeof value === 'number' && typeof incr === 'number') {
    sum = value + incr;
  } else {
    sum = BigInt(value) + BigInt(incr);
    if (sum < INT64_MIN || sum > INT64_MAX) {
      ctx.reply.error(Err.overflow);
      return;
    }
  }
  const text = String(sum);
  db.put(key, text, e === undefined ? null : e.expireAt, now);
  ctx.reply.raw(':' + text + '\r\n');
}

/** The increment argument of INCRBY/DECRBY, or null after replying with the error. */
function incrementArg(ctx: CommandContext, arg: string): number | bigint | null {
  const n = parseCounter(arg);
  if (n === null) ctx.reply.error(Err.notInteger);
  return n;
}

// INCR key
function incr(ctx: CommandContext, argv: string[]): void {
  incrDecr(ctx, argv[1]!, 1);
}

// DECR key
function decr(ctx: CommandContext, argv: string[]): void {
  incrDecr(ctx, argv[1]!, -1);
}

// INCRBY key increment
function incrby(ctx: CommandContext, argv: string[]): void {
  const n = incrementArg(ctx, argv[2]!);
  if (n !== null) incrDecr(ctx, argv[1]!, n);
}

// DECRBY key decrement
function decrby(ctx: CommandContext, argv: string[]): void {
  const n = incrementArg(ctx, argv[2]!);
  if (n === null) return;
  // Negating LLONG_MIN would overflow before any value is read.
  if (n === INT64_MIN) {
    ctx.reply.error('ERR decrement would overflow');
    return;
  }
  incrDecr(ctx, argv[1]!, -n);
}

// INCRBYFLOAT key increment
function incrbyfloat(ctx: CommandContext, argv: string[]): void {
  const { db, now } = ctx;
  const key = argv[1]!;
  const e = db.getForWrite(key, now);
  // The stored value is parsed before the increment, as Redis does; both share one error.
  const value = e === undefined ? ZERO : parseLongDouble(e.value);
  const increment = value === null ? null : parseLongDouble(argv[2]!);
  if (value === null || increment === null) {
    ctx.reply.error(Err.notFloat);
    return;
  }
  const sum = addLongDouble(value, increment);
  if (typeof sum === 'number') {
    ctx.reply.error(Err.nanOrInfinity);
    return;
  }
  const text = formatLongDouble(sum);
  markEncoding(db.put(key, text, e === undefined ? null : e.expireAt, now), 'embstr');
  ctx.reply.bulk(text);
}

export const stringNumericCommands: CommandSpec[] = [
  { name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: incr },
  { name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: decr },
  { name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: incrby },
  { name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: decrby },
  { name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: incrbyfloat },
];
