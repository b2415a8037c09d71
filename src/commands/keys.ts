import type { CommandContext, CommandSpec } from './types.js';

// DEL key [key ...]
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
  for (let i = 1; i < argv.length; i++) if (ctx.db.get(argv[i]!, ctx.now) !== undefined) n++;
  ctx.reply.int(n);
}

export const keyCommands: CommandSpec[] = [
  { name: 'del', arity: -2, flags: ['write'], firstKey: 1, lastKey: -1, step: 1, categories: ['keyspace', 'write', 'slow'], handler: del },
  { name: 'exists', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1, categories: ['keyspace', 'read', 'fast'], handler: exists },
];
