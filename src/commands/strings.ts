import { Err, invalidExpireTime } from '../errors.js';
import { parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

const OK = '+OK\r\n';
const LLONG_MAX = 9223372036854775807;

// GET key
function get(ctx: CommandContext, argv: string[]): void {
  const e = ctx.db.read(argv[1]!, ctx.now);
  if (e === undefined) ctx.reply.nullBulk();
  else ctx.reply.bulk(e.value);
}

const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const EX = 16;
const PX = 32;
const EXAT = 64;
const PXAT = 128;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
function set(ctx: CommandContext, argv: string[]): void {
  const key = argv[1]!;
  const value = argv[2]!;
  let flags = 0;
  let expireArg: string | undefined;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toUpperCase();
    const hasNext = j < argv.length - 1;
    if (opt === 'NX' && !(flags & XX)) flags |= NX;
    else if (opt === 'XX' && !(flags & NX)) flags |= XX;
    else if (opt === 'GET') flags |= GET;
    else if (opt === 'KEEPTTL' && !(flags & ANY_EXPIRE)) flags |= KEEPTTL;
    else if (opt === 'EX' && !(flags & (KEEPTTL | PX | EXAT | PXAT)) && hasNext) (flags |= EX), (expireArg = argv[++j]);
    else if (opt === 'PX' && !(flags & (KEEPTTL | EX | EXAT | PXAT)) && hasNext) (flags |= PX), (expireArg = argv[++j]);
    else if (opt === 'EXAT' && !(flags & (KEEPTTL | EX | PX | PXAT)) && hasNext) (flags |= EXAT), (expireArg = argv[++j]);
    else if (opt === 'PXAT' && !(flags & (KEEPTTL | EX | PX | EXAT)) && hasNext) (flags |= PXAT), (expireArg = argv[++j]);
    else {
      ctx.reply.error(Err.syntax);
      return;
    }
  }

  let expireAt: number | null = null;
  if (expireArg !== undefined) {
    const t = expireDeadline(ctx, expireArg, flags & (EX | EXAT) ? 1000 : 1, (flags & (EX | PX)) !== 0, 'set');
    if (t === null) return;
    expireAt = t;
  }

  const { db, now } = ctx;
  if (flags & GET) {
    const old = db.read(key, now);
    ctx.reply.bulkOrNull(old?.value);
  }
  const existing = db.getForWrite(key, now);
  if ((flags & NX && existing !== undefined) || (flags & XX && existing === undefined)) {
    if (!(flags & GET)) ctx.reply.nullBulk();
    return;
  }
  if (flags & KEEPTTL && existing !== undefined) expireAt = existing.expireAt;
  db.put(key, value, expireAt, now);
  if (!(flags & GET)) ctx.reply.raw(OK);
}

/**
 * Turns an expire argument into an absolute deadline in ms, replying with Redis's error and
 * returning null when it is not an integer, not positive, or overflows.
 */
export function expireDeadline(ctx: CommandContext, arg: string, unitMs: 1 | 1000, relative: boolean, command: string): number | null {
  const n = parseInteger(arg);
  if (n === null) {
    ctx.reply.error(Err.notInteger);
    return null;
  }
  if (n <= 0 || (unitMs === 1000 && n > LLONG_MAX / 1000)) {
    ctx.reply.error(invalidExpireTime(command));
    return null;
  }
  let ms = n * unitMs;
  if (relative) ms += ctx.now;
  if (ms > LLONG_MAX) {
    ctx.reply.error(invalidExpireTime(command));
    return null;
  }
  return ms;
}

export const stringCommands: CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['read', 'string', 'fast'], handler: get },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'slow'], handler: set },
];
