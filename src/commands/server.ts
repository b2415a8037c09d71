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
function time(ctx: CommandContext): void {
  const us = BigInt(Date.now()) * 1000n + BigInt(Math.floor((performance.now() % 1) * 1000));
  ctx.reply.bulks([String(us / 1000000n), String(us % 1000000n)]);
}

export const serverCommands: CommandSpec[] = [
  { name: 'info', arity: -1, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, categories: ['slow', 'dangerous'], handler: info },
  { name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['keyspace', 'read', 'fast'], handler: dbsize },
  { name: 'flushdb', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0, categories: ['keyspace', 'write', 'slow', 'dangerous'], handler: flushdb },
  { name: 'flushall', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, step: 0, categories: ['keyspace', 'write', 'slow', 'dangerous'], handler: flushall },
  { name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast'], handler: time },
];
