import { constants } from 'node:buffer';
import { Err } from '../errors.js';
import { markEncoding } from '../keyspace/encoding.js';
import { parseInt64, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

/**
 * Redis's checkStringLength: a string grown by APPEND or SETRANGE may not exceed
 * proto-max-bulk-len. V8 cannot hold a string longer than MAX_STRING_LENGTH (24 bytes short of
 * the default 512mb), so that is a limit too, with the same error.
 */
function checkStringLength(ctx: CommandContext, size: number, append: number): boolean {
  if (size + append > Math.min(ctx.server.config.values.protoMaxBulkLen, constants.MAX_STRING_LENGTH)) {
    ctx.reply.error(Err.stringTooLong);
    return false;
  }
  return true;
}

// APPEND key value
function append(ctx: CommandContext, argv: string[]): void {
  const { db, now } = ctx;
  const key = argv[1]!;
  const e = db.getForWrite(key, now);
  if (e === undefined) {
    db.put(key, argv[2]!, null, now);
    ctx.reply.int(argv[2]!.length);
    return;
  }
  if (!checkStringLength(ctx, e.value.length, argv[2]!.length)) return;
  const value = e.value + argv[2]!;
  markEncoding(db.put(key, value, e.expireAt, now), 'raw');
  ctx.reply.int(value.length);
}

// GETRANGE key start end (and its old name SUBSTR)
function getrange(ctx: CommandContext, argv: string[]): void {
  // int64 exactly: two huge negative bounds must still compare as Redis compares them.
  let start = parseInt64(argv[2]!);
  let end = parseInt64(argv[3]!);
  if (start === null || end === null) {
    ctx.reply.error(Err.notInteger);
    return;
  }
  const e = ctx.db.read(argv[1]!, ctx.now);
  if (e === undefined) {
    ctx.reply.bulk('');
    return;
  }
  const s = e.value;
  const len = BigInt(s.length);
  if (start < 0n && end < 0n && start > end) {
    ctx.reply.bulk('');
    return;
  }
  if (start < 0n) start += len;
  if (end < 0n) end += len;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= len) end = len - 1n;
  if (start > end || len === 0n) ctx.reply.bulk('');
  else ctx.reply.bulk(s.slice(Number(start), Number(end) + 1));
}

// SETRANGE key offset value
function setrange(ctx: CommandContext, argv: string[]): void {
  const { db, now } = ctx;
  const key = argv[1]!;
  const patch = argv[3]!;
  const offset = parseInteger(argv[2]!);
  if (offset === null) {
    ctx.reply.error(Err.notInteger);
    return;
  }
  if (offset < 0) {
    ctx.reply.error(Err.offsetOutOfRange);
    return;
  }
  const e = db.getForWrite(key, now);
  // Writing nothing answers the current length and creates nothing.
  if (patch.length === 0) {
    ctx.reply.int(e?.value.length ?? 0);
    return;
  }
  if (!checkStringLength(ctx, offset, patch.length)) return;
  const old = e?.value ?? '';
  const head = old.length >= offset ? old.slice(0, offset) : old + '\0'.repeat(offset - old.length);
  const value = head + patch + old.slice(offset + patch.length);
  markEncoding(db.put(key, value, e?.expireAt ?? null, now), 'raw');
  ctx.reply.int(value.length);
}

export const stringRangeCommands: CommandSpec[] = [
  { name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'fast'], handler: append },
  { name: 'getrange', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, categories: ['read', 'string', 'slow'], handler: getrange },
  { name: 'substr', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, categories: ['read', 'string', 'slow'], handler: getrange },
  { name: 'setrange', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, categories: ['write', 'string', 'slow'], handler: setrange },
];
