import type { CommandContext } from './types.js';

/** A HELP subcommand's reply: one status line per text line, as Redis's addReplyHelp. */
export function helpReply(ctx: CommandContext, lines: readonly string[]): void {
  ctx.reply.array(lines.length);
  for (const line of lines) ctx.reply.simple(line);
}
