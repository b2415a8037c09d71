import { Err } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import { writeDocs } from './docs.js';
import { hasKeys, keyRefs, type KeyRef } from './keyspecs.js';
import { REDIS_INFO, writeNode } from './redis-data.js';
import type { Reply } from '../resp/reply.js';
import { replyHelp } from './help.js';
import type { Command, CommandContext, CommandSpec, CommandTable } from './types.js';

/**
 * COMMAND and its subcommands, answered from the command table (Redis 7.0's shape).
 * Key specs are sent empty: the table keeps only the legacy (first, last, step)
 * triple, and inventing key-spec flags would mislead clients more than their absence.
 */

/** The 10-element COMMAND INFO entry of one command, its subcommands nested. */
function writeInfo(r: Reply, cmd: Command): void {
  r.array(10);
  r.bulk(cmd.fullName);
  r.int(cmd.arity);
  r.set(cmd.flags.length);
  for (const f of cmd.flags) r.simple(f);
  r.int(cmd.firstKey);
  r.int(cmd.lastKey);
  r.int(cmd.step);
  const cats = cmd.categories ?? [];
  r.set(cats.length);
  for (const c of cats) r.simple('@' + c);
  const data = REDIS_INFO[cmd.fullName];
  writeNode(r, data?.tips ?? { s: [] });
  writeNode(r, data?.keySpecs ?? { s: [] });
  // Redis sends an empty set when there are no subcommands, an array when there are.
  if (cmd.children) {
    r.array(cmd.children.size);
    for (const s of cmd.children.values()) writeInfo(r, s);
  } else r.set(0);
}

/** "get" or "config|get" (any case) to the command, as COMMAND INFO and DOCS look names up. */
function lookupFullName(table: CommandTable, name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return table.lookup(name);
  return table.lookup(name.slice(0, bar))?.children?.get(name.slice(bar + 1).toLowerCase());
}

/** Every command and subcommand, parents first. */
function* everyCommand(table: CommandTable): Iterable<Command> {
  for (const cmd of table.all()) {
    yield cmd;
    if (cmd.children) yield* cmd.children.values();
  }
}

// COMMAND
function command(ctx: CommandContext): void {
  const table = ctx.server.commands;
  ctx.reply.array(table.size());
  for (const cmd of table.all()) writeInfo(ctx.reply, cmd);
}

// COMMAND COUNT
function count(ctx: CommandContext): void {
  ctx.reply.int(ctx.server.commands.size());
}

// COMMAND INFO [command-name ...]
function info(ctx: CommandContext, argv: string[]): void {
  if (argv.length === 2) {
    command(ctx);
    return;
  }
  ctx.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupFullName(ctx.server.commands, argv[i]!);
    if (cmd) writeInfo(ctx.reply, cmd);
    else ctx.reply.nullBulk();
  }
}

// COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
function list(ctx: CommandContext, argv: string[]): void {
  let keep: (cmd: Command) => boolean = () => true;
  if (argv.length === 5 && argv[2]!.toUpperCase() === 'FILTERBY') {
    const kind = argv[3]!.toUpperCase();
    const arg = argv[4]!;
    if (kind === 'MODULE') keep = () => false; // no modules here
    else if (kind === 'ACLCAT') keep = (cmd) => (cmd.categories ?? []).includes(arg.toLowerCase());
    else if (kind === 'PATTERN') keep = (cmd) => globMatch(arg.toLowerCase(), cmd.fullName); // names are lowercase; Redis matches without case
    else {
      ctx.reply.error(Err.syntax);
      return;
    }
  } else if (argv.length !== 2) {
    ctx.reply.error(Err.syntax);
    return;
  }
  const names: string[] = [];
  for (const cmd of everyCommand(ctx.server.commands)) if (keep(cmd)) names.push(cmd.fullName);
  ctx.reply.bulks(names);
}

/** Resolves COMMAND GETKEYS[ANDFLAGS]'s target command, replying with Redis's error if needed. */
function getkeysTarget(ctx: CommandContext, target: string[]): KeyRef[] | null {
  let cmd = ctx.server.commands.lookup(target[0]!);
  if (cmd?.children && target.length >= 2) cmd = cmd.children.get(target[1]!.toLowerCase());
  if (cmd === undefined) {
    ctx.reply.error('ERR Invalid command specified');
    return null;
  }
  if (!hasKeys(cmd)) {
    ctx.reply.error('ERR The command has no key arguments');
    return null;
  }
  if (cmd.arity > 0 ? target.length !== cmd.arity : target.length < -cmd.arity) {
    ctx.reply.error('ERR Invalid number of arguments specified for command');
    return null;
  }
  const refs = keyRefs(cmd, target);
  if (refs === null || refs.length === 0) {
    if (cmd.flags.includes('no_mandatory_keys')) ctx.reply.array(0);
    else ctx.reply.error('ERR Invalid arguments specified for command');
    return null;
  }
  return refs;
}

// COMMAND GETKEYS command [arg ...]
function getkeys(ctx: CommandContext, argv: string[]): void {
  const target = argv.slice(2);
  const refs = getkeysTarget(ctx, target);
  if (refs) ctx.reply.bulks(refs.map((k) => target[k.pos]!));
}

// COMMAND GETKEYSANDFLAGS command [arg ...]
function getkeysandflags(ctx: CommandContext, argv: string[]): void {
  const target = argv.slice(2);
  const refs = getkeysTarget(ctx, target);
  if (!refs) return;
  ctx.reply.array(refs.length);
  for (const k of refs) {
    ctx.reply.array(2);
    ctx.reply.bulk(target[k.pos]!);
    writeNode(ctx.reply, k.flags);
  }
}

// COMMAND DOCS [command-name ...]
// redis-cli 7.0 builds its hints and `help` from this at start-up.
function docs(ctx: CommandContext, argv: string[]): void {
  const r = ctx.reply;
  const table = ctx.server.commands;
  const found: Command[] = [];
  if (argv.length === 2) found.push(...table.all());
  else
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupFullName(table, argv[i]!);
      if (cmd) found.push(cmd);
    }
  r.map(found.length);
  for (const cmd of found) {
    r.bulk(cmd.fullName);
    writeDocs(r, cmd);
  }
}

const HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const SUB = ['loading', 'stale'] as const;
const CATS = ['slow', 'connection'];
const sub = (name: string, arity: number, handler: CommandSpec['handler']): CommandSpec => ({
  name,
  arity,
  flags: SUB,
  firstKey: 0,
  lastKey: 0,
  step: 0,
  categories: CATS,
  handler,
});

export const commandCommands: CommandSpec[] = [
  {
    ...sub('command', -1, command),
    subcommands: [
      sub('count', 2, count),
      sub('info', -2, info),
      sub('list', -2, list),
      sub('getkeys', -4, getkeys),
      sub('getkeysandflags', -4, getkeysandflags),
      sub('docs', -2, docs),
      sub('help', 2, (ctx) => replyHelp(ctx, 'COMMAND', HELP)),
    ],
  },
];
