import type { Reply } from '../resp/reply.js';
import { REDIS_DOCS as DOCS, writeNode, type ReplyNode as DocNode } from './redis-data.js';
import type { Command } from './types.js';

/**
 * COMMAND DOCS from Redis 7.0.15's own documentation (see redis-data.ts), so redis-cli's
 * interactive hints and `help <command>` work as against Redis. A container lists only the
 * subcommands we implement; a command Redis 7.0 does not document (CLIENT SETINFO) gets an
 * empty map.
 */

/** Writes one command's documentation map. */
export function writeDocs(r: Reply, cmd: Command): void {
  const doc = DOCS[cmd.fullName] ?? (cmd.parent ? findSubcommandDoc(cmd) : undefined);
  if (!doc) {
    r.map(0);
    return;
  }
  const fields = doc.m;
  r.map(fields.length / 2);
  for (let i = 0; i < fields.length; i += 2) {
    r.bulk(fields[i] as string);
    if (fields[i] === 'subcommands' && cmd.children) {
      const subs = [...cmd.children.values()];
      r.map(subs.length);
      for (const sub of subs) {
        r.bulk(sub.fullName);
        writeDocs(r, sub);
      }
    } else writeNode(r, fields[i + 1]!);
  }
}

/** A subcommand's documentation sits inside its container's "subcommands" map. */
function findSubcommandDoc(cmd: Command): { m: DocNode[] } | undefined {
  const parent = DOCS[cmd.parent!.fullName];
  const at = parent?.m.indexOf('subcommands') ?? -1;
  if (at < 0) return undefined;
  const subs = (parent!.m[at + 1] as { m: DocNode[] }).m;
  const i = subs.indexOf(cmd.fullName);
  return i >= 0 && i % 2 === 0 ? (subs[i + 1] as { m: DocNode[] }) : undefined;
}
