import { Err, invalidExpireTime, wrongArity } from '../errors.js';
import { INT64_MAX, optionName, parseInt64, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

const OK = '+OK\r\n';
const ONE = ':1\r\n';
const ZERO = ':0\r\n';

// GET key
function get(ctx: CommandContext, argv: string[]): void {
  const e = ctx.db.read(argv[1]!, ctx.now);
  if (e === undefined) ctx.reply.nullBulk();
  else ctx.reply.bulk(e.value);
}

// Option flags of SET and GETEX (Redis's OBJ_SET_* / OBJ_EX ... in t_string.c).
const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const EX = 16;
const PX = 32;
const EXAT = 64;
const PXAT = 128;
const PERSIST = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

interface ExtendedArgs {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument, unparsed. */
  expire?: string;
}

/**
 * Redis's parseExtendedStringArgumentsOrReply: scans SET's options (from argv[3]) or GETEX's
 * (from argv[2]) left to right. An option conflicting with one already seen, or an expire word
 * without a value, is a syntax error; repeating the same option is allowed ("EX 1 EX 2").
 */
function parseExtendedArgs(ctx: CommandContext, argv: string[], forSet: boolean): ExtendedArgs | null {
  const out: ExtendedArgs = { flags: 0 };
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = optionName(argv[j]!);
    const hasNext = j < argv.length - 1;
    const f = out.flags;
    let add = 0;
    if (forSet && opt === 'NX' && !(f & XX)) add = NX;
    else if (forSet && opt === 'XX' && !(f & NX)) add = XX;
    else if (forSet && opt === 'GET') add = GET;
    else if (forSet && opt === 'KEEPTTL' && !(f & (PERSIST | ANY_EXPIRE))) add = KEEPTTL;
    else if (!forSet && opt === 'PERSIST' && !(f & (KEEPTTL | ANY_EXPIRE))) add = PERSIST;
    else if (hasNext && !(f & (KEEPTTL | PERSIST))) {
      if (opt === 'EX' && !(f & (PX | EXAT | PXAT))) add = EX;
      else if (opt === 'PX' && !(f & (EX | EXAT | PXAT))) add = PX;
      else if (opt === 'EXAT' && !(f & (EX | PX | PXAT))) add = EXAT;
      else if (opt === 'PXAT' && !(f & (EX | PX | EXAT))) add = PXAT;
      if (add !== 0) out.expire = argv[++j];
    }
    if (add === 0) {
      ctx.reply.error(Err.syntax);
      return null;
    }
    out.flags |= add;
  }
  return out;
}

const NO_OPTIONS: ExtendedArgs = { flags: 0 };

/** The deadline an EX/PX/EXAT/PXAT argument names, or null after replying with the error. */
function optionDeadline(ctx: CommandContext, flags: number, arg: string, command: string): number | null {
  return expireDeadline(ctx, arg, flags & (EX | EXAT) ? 1000 : 1, (flags & (EX | PX)) !== 0, command);
}

/**
 * Turns an expire argument into an absolute deadline in ms, replying with Redis's error and
 * returning null when it is not an integer, not positive, or overflows int64 (exactly: past
 * 15 digits the checks run on BigInt, where a double would round 9223372036854776 seconds
 * down to the limit).
 */
export function expireDeadline(ctx: CommandContext, arg: string, unitMs: 1 | 1000, relative: boolean, command: string): number | null {
  if (arg.length <= 15) {
    const n = parseInteger(arg);
    if (n === null) {
      ctx.reply.error(Err.notInteger);
      return null;
    }
    if (n <= 0) {
      ctx.reply.error(invalidExpireTime(command));
      return null;
    }
    return n * unitMs + (relative ? ctx.now : 0);
  }
  const n = parseInt64(arg);
  if (n === null) {
    ctx.reply.error(Err.notInteger);
    return null;
  }
  const ms = n * BigInt(unitMs) + (relative ? BigInt(ctx.now) : 0n);
  if (n <= 0n || (unitMs === 1000 && n > INT64_MAX / 1000n) || ms > INT64_MAX) {
    ctx.reply.error(invalidExpireTime(command));
    return null;
  }
  return Number(ms);
}

/**
 * Redis's setGenericCommand, serving SET, SETNX, SETEX and PSETEX: validates the expire, answers
 * GET's old value, honours NX/XX, then stores (dropping any TTL unless KEEPTTL). `okReply` and
 * `abortReply` are what SETNX answers instead of +OK and a null.
 */
function setGeneric(
  ctx: CommandContext,
  command: string,
  flags: number,
  key: string,
  value: string,
  expireArg: string | undefined,
  okReply: string = OK,
  abortReply: string | null = null,
): void {
  let expireAt: number | null = null;
  if (expireArg !== undefined) {
    expireAt = optionDeadline(ctx, flags, expireArg, command);
    if (expireAt === null) return;
  }
  const { db, now } = ctx;
  if (flags & GET) ctx.reply.bulkOrNull(db.read(key, now)?.value);
  // A plain SET needs no lookup of its own: put() replaces, and reclaims an expired old value.
  const existing = flags & (NX | XX | KEEPTTL) ? db.getForWrite(key, now) : undefined;
  if ((flags & NX && existing !== undefined) || (flags & XX && existing === undefined)) {
    if (!(flags & GET)) {
      if (abortReply === null) ctx.reply.nullBulk();
      else ctx.reply.raw(abortReply);
    }
    return;
  }
  if (flags & KEEPTTL && existing !== undefined) expireAt = existing.expireAt;
  db.put(key, value, expireAt, now);
  if (!(flags & GET)) ctx.reply.raw(okReply);
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
function set(ctx: CommandContext, argv: string[]): void {
  const args = argv.length === 3 ? NO_OPTIONS : parseExtendedArgs(ctx, argv, true);
  if (args !== null) setGeneric(ctx, 'set', args.flags, argv[1]!, argv[2]!, args.expire);
}

// SETNX key value
function setnx(ctx: CommandContext, argv: string[]): void {
  setGeneric(ctx, 'setnx', NX, argv[1]!, argv[2]!, undefined, ONE, ZERO);
}

// SETEX key seconds value
function setex(ctx: CommandContext, argv: string[]): void {
  setGeneric(ctx, 'setex', EX, argv[1]!, argv[3]!, argv[2]!);
}

// PSETEX key milliseconds value
function psetex(ctx: CommandContext, argv: string[]): void {
  setGeneric(ctx, 'psetex', PX, argv[1]!, argv[3]!, argv[2]!);
}

// GETSET key value
function getset(ctx: CommandContext, argv: string[]): void {
  const { db, now } = ctx;
  ctx.reply.bulkOrNull(db.read(argv[1]!, now)?.value);
  db.put(argv[1]!, argv[2]!, null, now);
}

// GETDEL key
function getdel(ctx: CommandContext, argv: string[]): void {
  const e = ctx.db.read(argv[1]!, ctx.now);
  if (e === undefined) {
    ctx.reply.nullBulk();
    return;
  }
  ctx.reply.bulk(e.value);
  ctx.db.remove(argv[1]!);
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
function getex(ctx: CommandContext, argv: string[]): void {
  const args = parseExtendedArgs(ctx, argv, false);
  if (args === null) return;
  const { db, now } = ctx;
  const key = argv[1]!;
  const e = db.read(key, now);
  if (e === undefined) {
    ctx.reply.nullBulk();
    return;
  }
  // As Redis: the key is looked up first, so a bad expire on a missing key still answers null.
  let expireAt: number | null = null;
  if (args.expire !== undefined) {
    expireAt = optionDeadline(ctx, args.flags, args.expire, 'getex');
    if (expireAt === null) return;
  }
  ctx.reply.bulk(e.value);
  if (args.flags & (EXAT | PXAT) && expireAt! <= now) {
    // A deadline already past deletes the key (a DEL, not counted in expired_keys).
    db.remove(key);
  } else if (expireAt !== null) {
    db.setExpire(key, e, expireAt);
  } else if (args.flags & PERSIST && e.expireAt !== null) {
    db.setExpire(key, e, null);
  }
}

// MGET key [key ...]
function mget(ctx: CommandContext, argv: string[]): void {
  const { db, now, reply } = ctx;
  reply.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) reply.bulkOrNull(db.read(argv[i]!, now)?.value);
}

/** Redis's msetGenericCommand: MSETNX sets nothing when any key exists. */
function msetGeneric(ctx: CommandContext, argv: string[], nx: boolean): void {
  const { db, now } = ctx;
  if (argv.length % 2 === 0) {
    ctx.reply.error(wrongArity(nx ? 'msetnx' : 'mset'));
    return;
  }
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.getForWrite(argv[j]!, now) !== undefined) {
        ctx.reply.raw(ZERO);
        return;
      }
    }
  }
  // put() reclaims a stale old value as expired, as Redis's setKey lookup does.
  for (let j = 1; j < argv.length; j += 2) db.put(argv[j]!, argv[j + 1]!, null, now);
  ctx.reply.raw(nx ? ONE : OK);
}

// MSET key value [key value ...]
function mset(ctx: CommandContext, argv: string[]): void {
  msetGeneric(ctx, argv, false);
}

// MSETNX key value [key value ...]
function msetnx(ctx: CommandContext, argv: string[]): void {
  msetGeneric(ctx, argv, true);
}

// STRLEN key
function strlen(ctx: CommandContext, argv: string[]): void {
  ctx.reply.int(ctx.db.read(argv[1]!, ctx.now)?.value.length ?? 0);
}

export const stringCommands: CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['read', 'string', 'fast'], handler: get },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'slow'], handler: set },
  { name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: setnx },
  { name: 'setex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'slow'], handler: setex },
  { name: 'psetex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'slow'], handler: psetex },
  { name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: getset },
  { name: 'getdel', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: getdel },
  { name: 'getex', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: getex },
  { name: 'mget', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1, categories: ['read', 'string', 'fast'], handler: mget },
  { name: 'mset', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2, categories: ['write', 'string', 'slow'], handler: mset },
  { name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2, categories: ['write', 'string', 'slow'], handler: msetnx },
  { name: 'strlen', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['read', 'string', 'fast'], handler: strlen },
];
