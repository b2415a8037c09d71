import { cString, Err, invalidExpireTime } from '../errors.js';
import { INT64_MAX, INT64_MIN, isOption, parseInt64 } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** Parses NX|XX|GT|LT after the time argument (parseExtendedExpireArgumentsOrReply). */
function expireFlags(ctx: CommandContext, argv: string[]): number | null {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isOption(opt, 'NX')) flags |= NX;
    else if (isOption(opt, 'XX')) flags |= XX;
    else if (isOption(opt, 'GT')) flags |= GT;
    else if (isOption(opt, 'LT')) flags |= LT;
    else {
      ctx.reply.errorFormat(`ERR Unsupported option ${cString(opt)}`);
      return null;
    }
  }
  if (flags & NX && flags & (XX | GT | LT)) {
    ctx.reply.error(Err.nxAndXxGtLt);
    return null;
  }
  if (flags & GT && flags & LT) {
    ctx.reply.error(Err.gtAndLt);
    return null;
  }
  return flags;
}

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (expireGenericCommand). The deadline is computed in
 * exact int64 arithmetic so overflow is refused as Redis refuses it; a deadline at or before
 * now deletes the key and still replies 1. Negative times are allowed.
 */
function expireGeneric(ctx: CommandContext, argv: string[], relative: boolean, unitMs: 1 | 1000): void {
  const flags = expireFlags(ctx, argv);
  if (flags === null) return;
  let when = parseInt64(argv[2]!);
  if (when === null) {
    ctx.reply.error(Err.notInteger);
    return;
  }
  const command = argv[0]!.toLowerCase();
  if (unitMs === 1000) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) {
      ctx.reply.error(invalidExpireTime(command));
      return;
    }
    when *= 1000n;
  }
  const base = relative ? BigInt(ctx.now) : 0n;
  if (when > INT64_MAX - base) {
    ctx.reply.error(invalidExpireTime(command));
    return;
  }
  when += base;

  const { db, now } = ctx;
  const key = argv[1]!;
  const entry = db.getForWrite(key, now);
  if (entry === undefined) {
    ctx.reply.int(0);
    return;
  }
  const current = entry.expireAt;
  if (
    (flags & NX && current !== null) ||
    (flags & XX && current === null) ||
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    (flags & GT && (current === null || when <= BigInt(current))) ||
    (flags & LT && current !== null && when >= BigInt(current))
  ) {
    ctx.reply.int(0);
    return;
  }
  if (when <= BigInt(now)) db.remove(key);
  else db.setExpire(key, entry, Number(when));
  ctx.reply.int(1);
}

// EXPIRE key seconds [NX | XX | GT | LT]
const expire = (ctx: CommandContext, argv: string[]) => expireGeneric(ctx, argv, true, 1000);
// PEXPIRE key milliseconds [NX | XX | GT | LT]
const pexpire = (ctx: CommandContext, argv: string[]) => expireGeneric(ctx, argv, true, 1);
// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
const expireat = (ctx: CommandContext, argv: string[]) => expireGeneric(ctx, argv, false, 1000);
// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
const pexpireat = (ctx: CommandContext, argv: string[]) => expireGeneric(ctx, argv, false, 1);

/**
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME (ttlGenericCommand): -2 for no key, -1 for no deadline;
 * seconds are rounded to the nearest, as Redis does ((ms + 500) / 1000).
 */
function ttlGeneric(ctx: CommandContext, argv: string[], absolute: boolean, inMs: boolean): void {
  const entry = ctx.db.readNoTouch(argv[1]!, ctx.now);
  if (entry === undefined) {
    ctx.reply.int(-2);
    return;
  }
  if (entry.expireAt === null) {
    ctx.reply.int(-1);
    return;
  }
  const ms = absolute ? entry.expireAt : Math.max(0, entry.expireAt - ctx.now);
  ctx.reply.int(inMs ? ms : Math.floor((ms + 500) / 1000));
}

// TTL key
const ttl = (ctx: CommandContext, argv: string[]) => ttlGeneric(ctx, argv, false, false);
// PTTL key
const pttl = (ctx: CommandContext, argv: string[]) => ttlGeneric(ctx, argv, false, true);
// EXPIRETIME key
const expiretime = (ctx: CommandContext, argv: string[]) => ttlGeneric(ctx, argv, true, false);
// PEXPIRETIME key
const pexpiretime = (ctx: CommandContext, argv: string[]) => ttlGeneric(ctx, argv, true, true);

// PERSIST key
function persist(ctx: CommandContext, argv: string[]): void {
  const key = argv[1]!;
  const entry = ctx.db.getForWrite(key, ctx.now);
  if (entry === undefined || entry.expireAt === null) {
    ctx.reply.int(0);
    return;
  }
  ctx.db.setExpire(key, entry, null);
  ctx.reply.int(1);
}

const WRITE = { arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['keyspace', 'write', 'fast'] } as const;
const READ = { arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['keyspace', 'read', 'fast'] } as const;

export const expireCommands: CommandSpec[] = [
  { name: 'expire', ...WRITE, handler: expire },
  { name: 'pexpire', ...WRITE, handler: pexpire },
  { name: 'expireat', ...WRITE, handler: expireat },
  { name: 'pexpireat', ...WRITE, handler: pexpireat },
  { name: 'ttl', ...READ, handler: ttl },
  { name: 'pttl', ...READ, handler: pttl },
  { name: 'expiretime', ...READ, handler: expiretime },
  { name: 'pexpiretime', ...READ, handler: pexpiretime },
  { name: 'persist', ...WRITE, arity: 2, handler: persist },
];
