import { Err } from '../errors.js';
import { isOption } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

// SAVE
function save(ctx: CommandContext): void {
  const { snapshots } = ctx.server;
  if (snapshots.bgsaveInProgress) ctx.reply.error(Err.bgsaveInProgress);
  else if (snapshots.save()) ctx.reply.ok();
  else ctx.reply.error('ERR');
}

// BGSAVE [SCHEDULE]
// Redis schedules instead of refusing only while another kind of child (an AOF rewrite) runs
// or inside EXEC; with neither here, SCHEDULE starts a save like BGSAVE, and a save under way
// is refused with the same error as in Redis.
function bgsave(ctx: CommandContext, argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !isOption(argv[1]!, 'SCHEDULE'))) {
    ctx.reply.error(Err.syntax);
    return;
  }
  const { snapshots } = ctx.server;
  if (snapshots.bgsaveInProgress) {
    ctx.reply.error(Err.bgsaveInProgress);
    return;
  }
  void snapshots.bgsave();
  ctx.reply.simple('Background saving started');
}

// LASTSAVE
function lastsave(ctx: CommandContext): void {
  ctx.reply.int(ctx.server.persistence.lastSave);
}

export const persistenceCommands: CommandSpec[] = [
  { name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, step: 0, categories: ['admin', 'slow', 'dangerous'], handler: save },
  { name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], firstKey: 0, lastKey: 0, step: 0, categories: ['admin', 'slow', 'dangerous'], handler: bgsave },
  { name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['admin', 'fast', 'dangerous'], handler: lastsave },
];
