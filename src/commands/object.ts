import { Err } from '../errors.js';
import { encodingMark } from '../keyspace/encoding.js';
import type { Entry } from '../keyspace/entry.js';
import { isOption, parseInt64, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';
import { container } from './registry.js';
import { replyHelp } from './help.js';

/** Redis shares the integers 0..9999 (OBJ_SHARED_INTEGERS); OBJECT REFCOUNT shows INT_MAX for them. */
const SHARED_INTEGERS = 10000;
const SHARED_REFCOUNT = 2147483647;
const EMBSTR_SIZE_LIMIT = 44;

const LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** The int64 a string is stored as when Redis int-encodes it (tryObjectEncoding), else null. */
function intEncoded(entry: Entry): bigint | null {
  if (entry.value.length > 20 || encodingMark(entry) !== undefined) return null;
  return parseInt64(entry.value);
}

/** OBJECT ENCODING of a string: int, then embstr up to 44 bytes, else raw; marks override. */
export function stringEncoding(entry: Entry): 'int' | 'embstr' | 'raw' {
  if (encodingMark(entry) === 'raw') return 'raw';
  if (intEncoded(entry) !== null) return 'int';
  return entry.value.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

const isLfu = (ctx: CommandContext) => ctx.server.config.values.maxmemoryPolicy.includes('lfu');

/** The key OBJECT asks about, or undefined after replying null (LOOKUP_NOTOUCH|LOOKUP_NONOTIFY). */
function objectEntry(ctx: CommandContext, argv: string[]): Entry | undefined {
  const e = ctx.db.readNoTouch(argv[2]!, ctx.now);
  if (e === undefined) ctx.reply.nullBulk();
  return e;
}

// OBJECT ENCODING key
function objectEncoding(ctx: CommandContext, argv: string[]): void {
  const e = objectEntry(ctx, argv);
  if (e !== undefined) ctx.reply.bulk(stringEncoding(e));
}

// OBJECT REFCOUNT key
function objectRefcount(ctx: CommandContext, argv: string[]): void {
  const e = objectEntry(ctx, argv);
  if (e === undefined) return;
  const n = intEncoded(e);
  const { maxmemory, maxmemoryPolicy } = ctx.server.config.values;
  // LRU and LFU policies need a private access field per object, so they never share integers.
  const sharing = maxmemory === 0 || !/lru|lfu/.test(maxmemoryPolicy);
  ctx.reply.int(sharing && n !== null && n >= 0n && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1);
}

// OBJECT IDLETIME key
function objectIdletime(ctx: CommandContext, argv: string[]): void {
  const e = objectEntry(ctx, argv);
  if (e === undefined) return;
  if (isLfu(ctx)) ctx.reply.error(LFU_SELECTED);
  else ctx.reply.int(Math.floor(ctx.server.keyspace.idleMs(e, ctx.now) / 1000));
}

// OBJECT FREQ key
function objectFreq(ctx: CommandContext, argv: string[]): void {
  const e = objectEntry(ctx, argv);
  if (e === undefined) return;
  if (!isLfu(ctx)) ctx.reply.error(LFU_NOT_SELECTED);
  else ctx.reply.int(ctx.server.keyspace.lfuFrequency(e, ctx.now));
}

// OBJECT HELP
function objectHelp(ctx: CommandContext): void {
  replyHelp(ctx, 'OBJECT', [
    'ENCODING <key>',
    '    Return the kind of internal representation used in order to store the value',
    '    associated with a <key>.',
    'FREQ <key>',
    '    Return the access frequency index of the <key>. The returned integer is',
    '    proportional to the logarithm of the recent access frequency of the key.',
    'IDLETIME <key>',
    '    Return the idle time of the <key>, that is the approximated number of',
    '    seconds elapsed since the last access to the key.',
    'REFCOUNT <key>',
    '    Return the number of references of the value associated with the specified',
    '    <key>.',
  ]);
}

/**
 * MEMORY USAGE key [SAMPLES count]: the bytes our accounting charges the entry (Entry.size), not
 * Redis's allocator figure. SAMPLES is validated as Redis does; a string has nothing to sample.
 */
function memoryUsage(ctx: CommandContext, argv: string[]): void {
  for (let j = 3; j < argv.length; j++) {
    if (isOption(argv[j]!, 'SAMPLES') && j + 1 < argv.length) {
      const n = parseInteger(argv[++j]!);
      if (n === null) {
        ctx.reply.error(Err.notInteger);
        return;
      }
      if (n < 0) {
        ctx.reply.error(Err.syntax);
        return;
      }
    } else {
      ctx.reply.error(Err.syntax);
      return;
    }
  }
  const key = argv[2]!;
  const e = ctx.db.get(key, ctx.now);
  if (e === undefined) ctx.reply.nullBulk();
  else ctx.reply.int(e.size);
}

// MEMORY HELP
function memoryHelp(ctx: CommandContext): void {
  replyHelp(ctx, 'MEMORY', [
    'DOCTOR',
    '    Return memory problems reports.',
    'MALLOC-STATS',
    '    Return internal statistics report from the memory allocator.',
    'PURGE',
    '    Attempt to purge dirty pages for reclamation by the allocator.',
    'STATS',
    '    Return information about the memory usage of the server.',
    'USAGE <key> [SAMPLES <count>]',
    '    Return memory in bytes used by <key> and its value. Nested values are',
    '    sampled up to <count> times (default: 5, 0 means sample all).',
  ]);
}

const OBJECT_KEY = { arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, categories: ['keyspace', 'read', 'slow'] } as const;
const HELP = { arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0 } as const;

export const objectCommands: CommandSpec[] = [
  container('object', [
    { name: 'encoding', ...OBJECT_KEY, handler: objectEncoding },
    { name: 'refcount', ...OBJECT_KEY, handler: objectRefcount },
    { name: 'idletime', ...OBJECT_KEY, handler: objectIdletime },
    { name: 'freq', ...OBJECT_KEY, handler: objectFreq },
    { name: 'help', ...HELP, categories: ['keyspace', 'slow'], handler: objectHelp },
  ]),
  container('memory', [
    { name: 'usage', arity: -3, flags: ['readonly'], firstKey: 2, lastKey: 2, step: 1, categories: ['read', 'slow'], handler: memoryUsage },
    { name: 'help', ...HELP, categories: ['slow'], handler: memoryHelp },
  ]),
];
