import { Err } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { copyEncodingMark } from '../keyspace/encoding.js';
import { isExpired, type Entry } from '../keyspace/entry.js';
import { globMatch } from '../keyspace/glob.js';
import { randomStoredKey, scanSlots } from '../keyspace/scan.js';
import { dbArgOrReply, intArgOrReply, isOption, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

/** TYPE's name for an entry; every value is a string for now. */
export function typeName(_entry: Entry): string {
  return 'string';
}

// DEL key [key ...]  /  UNLINK key [key ...]
function del(ctx: CommandContext, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (ctx.db.get(argv[i]!, ctx.now) !== undefined && ctx.db.remove(argv[i]!)) n++;
  }
  ctx.reply.int(n);
}

// EXISTS key [key ...]
function exists(ctx: CommandContext, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.readNoTouch(argv[i]!, ctx.now) !== undefined) n++;
  ctx.reply.int(n);
}

// TOUCH key [key ...]
function touch(ctx: CommandContext, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.read(argv[i]!, ctx.now) !== undefined) n++;
  ctx.reply.int(n);
}

// TYPE key
function type(ctx: CommandContext, argv: string[]): void {
  const e = ctx.db.readNoTouch(argv[1]!, ctx.now);
  ctx.reply.simple(e === undefined ? 'none' : typeName(e));
}

// KEYS pattern -- like Redis, skips expired keys without deleting them.
function keys(ctx: CommandContext, argv: string[]): void {
  const pattern = argv[1]!;
  const all = pattern === '*';
  const { db, now } = ctx;
  const out: string[] = [];
  for (const entries of db.slots) {
    if (entries === undefined) continue;
    for (const [key, e] of entries) {
      if ((all || globMatch(pattern, key)) && !isExpired(e.expireAt, now)) out.push(key);
    }
  }
  ctx.reply.bulks(out);
}

/**
 * A SCAN cursor as Redis reads it (strtoul, base 10): an optional sign, digits, nothing else;
 * negative values wrap modulo 2^64, values beyond 2^64-1 are refused. "" is cursor 0.
 */
function parseCursor(arg: string): bigint | null {
  if (arg === '') return 0n;
  if (!/^[+-]?[0-9]+$/.test(arg)) return null;
  const negative = arg[0] === '-';
  const magnitude = BigInt(negative || arg[0] === '+' ? arg.slice(1) : arg);
  if (magnitude > 2n ** 64n - 1n) return null;
  return negative && magnitude > 0n ? 2n ** 64n - magnitude : magnitude;
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
function scan(ctx: CommandContext, argv: string[]): void {
  const cursor = parseCursor(argv[1]!);
  if (cursor === null) {
    ctx.reply.error(Err.invalidCursor);
    return;
  }
  let count = 10;
  let pattern: string | null = null;
  let typeFilter: string | null = null;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!;
    const hasValue = i + 1 < argv.length;
    if (isOption(opt, 'COUNT') && hasValue) {
      const n = parseInteger(argv[i + 1]!);
      if (n === null) {
        ctx.reply.error(Err.notInteger);
        return;
      }
      if (n < 1) {
        ctx.reply.error(Err.syntax);
        return;
      }
      count = n;
    } else if (isOption(opt, 'MATCH') && hasValue) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1]!;
    } else if (isOption(opt, 'TYPE') && hasValue) {
      typeFilter = argv[i + 1]!.toLowerCase();
    } else {
      ctx.reply.error(Err.syntax);
      return;
    }
  }
  const { db, now } = ctx;
  const found: string[] = [];
  const next = scanSlots(db, cursor > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(cursor), count, (key) => {
    found.push(key);
  });
  // Filters in Redis's order: pattern, type (a read lookup), then expiry (which deletes).
  const out: string[] = [];
  for (const key of found) {
    if (pattern !== null && !globMatch(pattern, key)) continue;
    if (typeFilter !== null) {
      const e = db.readNoTouch(key, now);
      if ((e === undefined ? 'none' : typeName(e)) !== typeFilter) continue;
    }
    if (db.get(key, now) === undefined) continue;
    out.push(key);
  }
  ctx.reply.array(2);
  ctx.reply.bulk(String(next));
  ctx.reply.bulks(out);
}

// RANDOMKEY -- expired keys it meets are deleted (and counted) and another is drawn.
function randomkey(ctx: CommandContext): void {
  const { db, now } = ctx;
  for (;;) {
    const picked = randomStoredKey(db);
    if (picked === undefined) {
      ctx.reply.nullBulk();
      return;
    }
    const [key, e] = picked;
    if (!isExpired(e.expireAt, now)) {
      ctx.reply.bulk(key);
      return;
    }
    db.expireEntry(key, e);
  }
}

/**
 * Stores a copy of `src` under `key` in `db`: same value, deadline and encoding. `moved` keeps
 * the access state too (RENAME and MOVE move Redis's object, LFU counter included; COPY makes a
 * new one).
 */
function storeCopy(db: Database, key: string, src: Entry, now: number, moved: boolean): void {
  const e = db.put(key, src.value, src.expireAt, now);
  if (moved) e.access = src.access;
  copyEncodingMark(src, e);
}

/** RENAME and RENAMENX (renameGenericCommand). */
function renameGeneric(ctx: CommandContext, argv: string[], nx: boolean): void {
  const { db, now } = ctx;
  const from = argv[1]!;
  const to = argv[2]!;
  const src = db.getForWrite(from, now);
  if (src === undefined) {
    ctx.reply.error(Err.noSuchKey);
    return;
  }
  if (from === to) {
    if (nx) ctx.reply.int(0);
    else ctx.reply.ok();
    return;
  }
  if (db.getForWrite(to, now) !== undefined) {
    if (nx) {
      ctx.reply.int(0);
      return;
    }
    db.remove(to);
  }
  storeCopy(db, to, src, now, true);
  db.remove(from);
  if (nx) ctx.reply.int(1);
  else ctx.reply.ok();
}

// RENAME key newkey
const rename = (ctx: CommandContext, argv: string[]) => renameGeneric(ctx, argv, false);
// RENAMENX key newkey
const renamenx = (ctx: CommandContext, argv: string[]) => renameGeneric(ctx, argv, true);

// COPY source destination [DB destination-db] [REPLACE]
function copy(ctx: CommandContext, argv: string[]): void {
  let dst = ctx.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    if (isOption(argv[j]!, 'REPLACE')) {
      replace = true;
    } else if (isOption(argv[j]!, 'DB') && j + 1 < argv.length) {
      const db = dbArgOrReply(ctx, argv[++j]!);
      if (db === null) return;
      dst = db;
    } else {
      ctx.reply.error(Err.syntax);
      return;
    }
  }
  const { db, now } = ctx;
  const from = argv[1]!;
  const to = argv[2]!;
  if (dst === db && from === to) {
    ctx.reply.error(Err.sameObject);
    return;
  }
  const src = db.read(from, now);
  if (src === undefined || (dst.getForWrite(to, now) !== undefined && !replace)) {
    ctx.reply.int(0);
    return;
  }
  dst.remove(to);
  storeCopy(dst, to, src, now, false);
  ctx.reply.int(1);
}

// MOVE key db
function move(ctx: CommandContext, argv: string[]): void {
  const dst = dbArgOrReply(ctx, argv[2]!);
  if (dst === null) return;
  const { db, now } = ctx;
  if (dst === db) {
    ctx.reply.error(Err.sameObject);
    return;
  }
  const key = argv[1]!;
  const src = db.getForWrite(key, now);
  if (src === undefined || dst.getForWrite(key, now) !== undefined) {
    ctx.reply.int(0);
    return;
  }
  storeCopy(dst, key, src, now, true);
  db.remove(key);
  ctx.reply.int(1);
}

// SWAPDB index1 index2 -- swaps contents, so every client of either database sees the swap.
function swapdb(ctx: CommandContext, argv: string[]): void {
  const a = intArgOrReply(ctx, argv[1]!, Err.invalidFirstDbIndex);
  if (a === null) return;
  const b = intArgOrReply(ctx, argv[2]!, Err.invalidSecondDbIndex);
  if (b === null) return;
  const { dbs } = ctx.server.keyspace;
  if (a < 0 || a >= dbs.length || b < 0 || b >= dbs.length) {
    ctx.reply.error(Err.dbIndexOutOfRange);
    return;
  }
  if (a !== b) dbs[a]!.swapContents(dbs[b]!);
  ctx.server.keyspace.dirty++;
  ctx.reply.ok();
}

const KEYS_1_TO_END = { firstKey: 1, lastKey: -1, step: 1 } as const;
const KEY_1 = { firstKey: 1, lastKey: 1, step: 1 } as const;
const KEYS_1_2 = { firstKey: 1, lastKey: 2, step: 1 } as const;
const NO_KEYS = { firstKey: 0, lastKey: 0, step: 0 } as const;

export const keyCommands: CommandSpec[] = [
  { name: 'del', arity: -2, flags: ['write'], ...KEYS_1_TO_END, categories: ['keyspace', 'write', 'slow'], handler: del },
  { name: 'unlink', arity: -2, flags: ['write', 'fast'], ...KEYS_1_TO_END, categories: ['keyspace', 'write', 'fast'], handler: del },
  { name: 'exists', arity: -2, flags: ['readonly', 'fast'], ...KEYS_1_TO_END, categories: ['keyspace', 'read', 'fast'], handler: exists },
  { name: 'touch', arity: -2, flags: ['readonly', 'fast'], ...KEYS_1_TO_END, categories: ['keyspace', 'read', 'fast'], handler: touch },
  { name: 'type', arity: 2, flags: ['readonly', 'fast'], ...KEY_1, categories: ['keyspace', 'read', 'fast'], handler: type },
  { name: 'keys', arity: 2, flags: ['readonly'], ...NO_KEYS, categories: ['keyspace', 'read', 'slow', 'dangerous'], handler: keys },
  { name: 'scan', arity: -2, flags: ['readonly'], ...NO_KEYS, categories: ['keyspace', 'read', 'slow'], handler: scan },
  { name: 'randomkey', arity: 1, flags: ['readonly'], ...NO_KEYS, categories: ['keyspace', 'read', 'slow'], handler: randomkey },
  { name: 'rename', arity: 3, flags: ['write'], ...KEYS_1_2, categories: ['keyspace', 'write', 'slow'], handler: rename },
  { name: 'renamenx', arity: 3, flags: ['write', 'fast'], ...KEYS_1_2, categories: ['keyspace', 'write', 'fast'], handler: renamenx },
  { name: 'copy', arity: -3, flags: ['write', 'denyoom'], ...KEYS_1_2, categories: ['keyspace', 'write', 'slow'], handler: copy },
  { name: 'move', arity: 3, flags: ['write', 'fast'], ...KEY_1, categories: ['keyspace', 'write', 'fast'], handler: move },
  { name: 'swapdb', arity: 3, flags: ['write', 'fast'], ...NO_KEYS, categories: ['keyspace', 'write', 'fast', 'dangerous'], handler: swapdb },
];
