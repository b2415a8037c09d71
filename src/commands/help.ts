import type { CommandContext } from './types.js';

/**
 * A HELP subcommand's reply, as Redis's addReplyHelp: a status line per text line, between
 * "NAME <subcommand> ..." and the HELP entry every container lists last.
 */
export function replyHelp(ctx: CommandContext, name: string, lines: readonly string[]): void {
  ctx.reply.array(lines.length + 3);
  ctx.reply.simple(`${name} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) ctx.reply.simple(line);
  ctx.reply.simple('HELP');
  ctx.reply.simple('    Prints this help.');
}
