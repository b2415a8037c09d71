import { rewriteConfigFile } from '../config-file.js';
import { findParam, PARAMS } from '../config.js';
import { cString, Err } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import { replyHelp } from './help.js';
import type { Command, CommandContext, CommandSpec } from './types.js';
import { container } from './registry.js';

/** Whether a CONFIG GET argument is a pattern; a plain name is answered as the client spelled it. */
const isGlob = (arg: string) => /[*?[]/.test(arg);

// CONFIG GET parameter [parameter ...]
// A plain name is answered as the client spelled it; a glob (case-insensitive, as Redis's)
// answers each matching parameter once, by its own name (config.c configGetCommand).
function get(ctx: CommandContext, argv: string[]): void {
  const { config } = ctx.server;
  const pairs: string[] = [];
  const seen = new Set<string>();
  for (let i = 2; i < argv.length; i++) {
    const pattern = argv[i]!;
    if (!isGlob(pattern)) {
      const p = findParam(pattern);
      if (p && !seen.has(p.name)) {
        seen.add(p.name);
        pairs.push(pattern, config.get(p.name)!);
      }
      continue;
    }
    for (const p of PARAMS) {
      if (!seen.has(p.name) && globMatch(pattern.toLowerCase(), p.name)) {
        seen.add(p.name);
        pairs.push(p.name, config.get(p.name)!);
      }
    }
  }
  ctx.reply.map(pairs.length / 2);
  for (const s of pairs) ctx.reply.bulk(s);
}

const setFailed = (arg: string, reason: string) => `ERR CONFIG SET failed (possibly related to argument '${cString(arg)}') - ${reason}`;

// CONFIG SET parameter value [parameter value ...]
// All or nothing, as Redis 7.0: every name and value is checked before any is applied.
function set(ctx: CommandContext, argv: string[]): void {
  if (argv.length % 2 !== 0) {
    ctx.reply.error(Err.syntax);
    return;
  }
  const { config } = ctx.server;
  const names = new Set<string>();
  let unknown: string | null = null;
  for (let i = 2; i < argv.length; i += 2) {
    const p = findParam(argv[i]!);
    if (!p) {
      unknown ??= argv[i]!;
      continue;
    }
    if (unknown !== null) continue;
    if (p.immutable) return ctx.reply.error(setFailed(argv[i]!, "can't set immutable config"));
    if (names.has(p.name)) return ctx.reply.error(setFailed(argv[i]!, 'duplicate parameter'));
    names.add(p.name);
  }
  if (unknown !== null) return ctx.reply.error(`ERR Unknown option or number of arguments for CONFIG SET - '${cString(unknown)}'`);
  for (let i = 2; i < argv.length; i += 2) {
    const parsed = findParam(argv[i]!)!.parse(argv[i + 1]!);
    if (!parsed.ok) return ctx.reply.error(setFailed(argv[i]!, parsed.error));
  }
  for (let i = 2; i < argv.length; i += 2) config.set(argv[i]!, argv[i + 1]!);
  ctx.reply.ok();
}

function resetCommandStats(cmd: Command): void {
  const s = cmd.stats;
  s.calls = s.usec = s.rejectedCalls = s.failedCalls = 0;
  if (cmd.children) for (const child of cmd.children.values()) resetCommandStats(child);
}

// CONFIG RESETSTAT
function resetstat(ctx: CommandContext): void {
  const { server } = ctx;
  server.stats.reset();
  server.keyspace.stats.reset();
  for (const cmd of server.commands.all()) resetCommandStats(cmd);
  ctx.reply.ok();
}

// CONFIG REWRITE
function rewrite(ctx: CommandContext): void {
  const { config } = ctx.server;
  if (config.file === null) {
    ctx.reply.error('ERR The server is running without a config file');
    return;
  }
  try {
    rewriteConfigFile(config, config.file);
  } catch (err) {
    ctx.reply.error(`ERR Rewriting config file: ${(err as Error).message}`);
    return;
  }
  ctx.reply.ok();
}

const HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const ADMIN = ['admin', 'noscript', 'loading', 'stale'] as const;
const CATS = ['admin', 'slow', 'dangerous'];
const sub = (name: string, arity: number, handler: CommandSpec['handler']): CommandSpec => ({
  name,
  arity,
  flags: ADMIN,
  firstKey: 0,
  lastKey: 0,
  step: 0,
  categories: CATS,
  handler,
});

export const configCommands: CommandSpec[] = [
  container('config', [
    sub('get', -3, get),
    sub('set', -4, set),
    sub('resetstat', 2, resetstat),
    sub('rewrite', 2, rewrite),
    { name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, categories: ['slow'], handler: (ctx) => replyHelp(ctx, 'CONFIG', HELP) },
  ]),
];
