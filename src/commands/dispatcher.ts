import { performance } from 'node:perf_hooks';
import { Err, unknownCommand, unknownSubcommand, wrongArity } from '../errors.js';
import type { Command, CommandContext } from './types.js';

/**
 * Runs one command with every generic check in the order of Redis's processCommand():
 * unknown command or subcommand, arity, authentication, OOM for denyoom commands, refused
 * writes (MISCONF), loading. A handler runs only when all pass, so it parses nothing but its
 * own options.
 */
export function dispatch(ctx: CommandContext, argv: string[]): void {
  const { server, reply } = ctx;
  let cmd = server.commands.lookup(argv[0]!);
  if (cmd === undefined) {
    reply.error(unknownCommand(argv));
    return;
  }
  if (cmd.children !== undefined && argv.length >= 2) {
    const sub = cmd.children.get(argv[1]!.toLowerCase());
    if (sub === undefined) {
      reply.error(unknownSubcommand(argv[1]!, cmd.name));
      return;
    }
    cmd = sub;
  }
  if (cmd.arity > 0 ? argv.length !== cmd.arity : argv.length < -cmd.arity) {
    reject(ctx, cmd, wrongArity(cmd.fullName));
    return;
  }
  if (!ctx.client.authenticated && !cmd.noAuth) {
    reject(ctx, cmd, Err.noAuth);
    return;
  }
  if (server.config.values.maxmemory > 0 && !server.ensureMemory(ctx.now) && cmd.denyOom) {
    reject(ctx, cmd, Err.oom);
    return;
  }
  if (cmd.deniedOnDiskError) {
    const refusal = server.writeRefusal();
    if (refusal !== null) {
      reject(ctx, cmd, refusal);
      return;
    }
  }
  if (server.loading && !cmd.allowedWhileLoading) {
    reject(ctx, cmd, Err.loading);
    return;
  }
  run(ctx, cmd, argv);
}

function reject(ctx: CommandContext, cmd: Command, error: string): void {
  cmd.stats.rejectedCalls++;
  ctx.reply.error(error);
}

/**
 * Command durations (INFO commandstats usec) are measured with one clock read per command: a
 * command's time runs from the end of the previous one, or from startTiming() at the start of
 * an input chunk, so decoding and the generic checks count too. Marks are whole microseconds, so
 * the rounding telescopes instead of dropping every sub-microsecond command to 0.
 */
let markUs = 0;

function clockUs(): number {
  return Math.round(performance.now() * 1000);
}

/** Called when a client starts on a new chunk of input. */
export function startTiming(): void {
  markUs = clockUs();
}

function run(ctx: CommandContext, cmd: Command, argv: string[]): void {
  const { stats } = ctx.server;
  const errorsBefore = stats.totalErrorReplies;
  // Read before the handler: a nested run (EXEC) moves the mark, and its callers' time includes it.
  const start = markUs;
  ctx.client.lastCommand = cmd.fullName;
  try {
    cmd.handler!(ctx, argv);
  } catch (err) {
    // A bug in one handler must cost one error reply, never the process.
    ctx.reply.error(`ERR internal error in '${cmd.fullName}': ${(err as Error)?.message ?? String(err)}`);
    ctx.server.handlerFailed(cmd.fullName, err);
  }
  markUs = clockUs();
  cmd.stats.usec += markUs - start;
  cmd.stats.calls++;
  stats.totalCommands++;
  if (stats.totalErrorReplies !== errorsBefore) cmd.stats.failedCalls++;
}
