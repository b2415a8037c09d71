import { Err } from '../errors.js';
import { renderInfo, selectSections } from '../info/info.js';
import type { CommandContext, CommandSpec } from './types.js';

// INFO [section [section ...]]
function info(ctx: CommandContext, argv: string[]): void {
  ctx.reply.verbatim(renderInfo(ctx.server, selectSections(argv.slice(1)), ctx.now));
}

// DBSIZE
function dbsize(ctx: CommandContext): void {
  ctx.reply.int(ctx.db.keyCount);
}

/** Parses the optional ASYNC|SYNC of FLUSHDB/FLUSHALL; replies and returns false on error. */
function flushModeOk(ctx: CommandContext, argv: string[]): boolean {
  if (argv.length > 2) {
    ctx.reply.error(Err.syntax);
    return false;
  }
  if (argv.length === 2) {
    const mode = argv[1]!.toUpperCase();
    if (mode !== 'ASYNC' && mode !== 'SYNC') {
      ctx.reply.error(Err.syntax);
      return false;
    }
  }
  return true;
}

// FLUSHDB [ASYNC | SYNC]
function flushdb(ctx: CommandContext, argv: string[]): void {
  if (!flushModeOk(ctx, argv)) return;
  ctx.db.flush();
  ctx.reply.ok();
}

// FLUSHALL [ASYNC | SYNC]
function flushall(ctx: CommandContext, argv: string[]): void {
  if (!flushModeOk(ctx, argv)) return;
  ctx.server.keyspace.flushAll();
  ctx.reply.ok();
}

// TIME
// Microseconds come from the command's clock; a ManualClock in tests makes TIME exact.
function time(ctx: CommandContext): void {
  const ms = ctx.now;
  ctx.reply.bulks([String(Math.floor(ms / 1000)), String((ms % 1000) * 1000)]);
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
// There are no replicas to wait for, so NOW changes nothing; FORCE exits even when the final
// save fails. On success the client gets no reply: the connection just closes.
function shutdown(ctx: CommandContext, argv: string[]): void {
  let save = false;
  let nosave = false;
  let force = false;
  let other = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i]!.toUpperCase();
    if (opt === 'NOSAVE') nosave = other = true;
    else if (opt === 'SAVE') save = other = true;
    else if (opt === 'NOW') other = true;
    else if (opt === 'FORCE') force = other = true;
    else if (opt === 'ABORT') abort = true;
    else return ctx.reply.error(Err.syntax);
  }
  if ((abort && other) || (save && nosave)) return ctx.reply.error(Err.syntax);
  if (abort) return ctx.reply.error('ERR No shutdown in progress.');
  const error = ctx.server.shutdown(nosave ? 'nosave' : save ? 'save' : 'default');
  if (error !== null && force) ctx.server.shutdown('nosave');
  else if (error !== null) ctx.reply.error(error);
}

export const serverCommands: CommandSpec[] = [
  { name: 'info', arity: -1, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, categories: ['slow', 'dangerous'], handler: info },
  { name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['keyspace', 'read', 'fast'], handler: dbsize },
  { name: 'flushdb', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0, categories: ['keyspace', 'write', 'slow', 'dangerous'], handler: flushdb },
  { name: 'flushall', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0, categories: ['keyspace', 'write', 'slow', 'dangerous'], handler: flushall },
  { name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast'], handler: time },
  { name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, categories: ['admin', 'slow', 'dangerous'], handler: shutdown },
];
