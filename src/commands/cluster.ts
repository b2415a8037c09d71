import { cString, Err } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { SLOT_COUNT, keySlot } from '../keyspace/slot-hash.js';
import { isOption, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';
import { container } from './registry.js';

/**
 * The CLUSTER commands that describe the slot keyspace. dwc-resp is not a cluster, but every
 * database is split into Redis Cluster's 16,384 slots, so these answer in any mode, about the
 * client's selected database. (Redis 7.0 refuses all of them outside cluster mode with
 * "ERR This instance has cluster support disabled"; in cluster mode its replies and errors are
 * the ones below, checked against `redis-server --cluster-enabled yes`.)
 */

// CLUSTER KEYSLOT key
function keyslot(ctx: CommandContext, argv: string[]): void {
  ctx.reply.int(keySlot(argv[2]!));
}

// CLUSTER COUNTKEYSINSLOT slot
function countkeysinslot(ctx: CommandContext, argv: string[]): void {
  const slot = parseInteger(argv[2]!);
  if (slot === null) return ctx.reply.error(Err.notInteger);
  if (slot < 0 || slot >= SLOT_COUNT) return ctx.reply.error('ERR Invalid slot');
  ctx.reply.int(ctx.db.slots[slot]?.size ?? 0);
}

// CLUSTER GETKEYSINSLOT slot count
function getkeysinslot(ctx: CommandContext, argv: string[]): void {
  const slot = parseInteger(argv[2]!);
  const max = slot === null ? null : parseInteger(argv[3]!);
  if (slot === null || max === null) return ctx.reply.error(Err.notInteger);
  if (slot < 0 || slot >= SLOT_COUNT || max < 0) return ctx.reply.error('ERR Invalid slot or number of keys');
  const keys: string[] = [];
  const entries = ctx.db.slots[slot];
  if (entries !== undefined) {
    for (const key of entries.keys()) {
      if (keys.length >= max) break;
      keys.push(key);
    }
  }
  ctx.reply.bulks(keys);
}

/** Per-slot metrics, in reply order; ORDERBY accepts each name. */
const METRICS: ReadonlyArray<[name: string, read: (db: Database, slot: number) => number]> = [
  ['key-count', (db, slot) => db.slots[slot]?.size ?? 0],
  ['memory-bytes', (db, slot) => db.slotBytes[slot]!],
  ['hits', (db, slot) => db.slotHits[slot]!],
  ['evictions', (db, slot) => db.slotEvictions[slot]!],
];

function replySlotStat(ctx: CommandContext, slot: number): void {
  ctx.reply.array(2);
  ctx.reply.int(slot);
  ctx.reply.map(METRICS.length);
  for (const [name, read] of METRICS) {
    ctx.reply.bulk(name);
    ctx.reply.int(read(ctx.db, slot));
  }
}

function slotArg(ctx: CommandContext, arg: string): number | null {
  const n = parseInteger(arg);
  if (n === null || n < 0 || n >= SLOT_COUNT) {
    ctx.reply.error('ERR Invalid or out of range slot');
    return null;
  }
  return n;
}

/**
 * CLUSTER SLOT-STATS SLOTSRANGE start end | ORDERBY metric [LIMIT n] [ASC | DESC]
 * Valkey 8's reply: [slot, {metric: value ...}] per slot; ORDERBY breaks ties by ascending
 * slot, defaults to DESC and to all 16,384 slots.
 */
function slotStats(ctx: CommandContext, argv: string[]): void {
  const mode = argv[2]!;
  if (argv.length === 5 && isOption(mode, 'SLOTSRANGE')) {
    const start = slotArg(ctx, argv[3]!);
    if (start === null) return;
    const end = slotArg(ctx, argv[4]!);
    if (end === null) return;
    if (start > end) return ctx.reply.error(`ERR Start slot number ${start} is greater than end slot number ${end}`);
    ctx.reply.array(end - start + 1);
    for (let slot = start; slot <= end; slot++) replySlotStat(ctx, slot);
    return;
  }
  if (argv.length < 4 || !isOption(mode, 'ORDERBY')) return ctx.reply.error(`ERR unknown subcommand or wrong number of arguments for '${cString(argv[1]!)}'. Try CLUSTER HELP.`);
  const metric = METRICS.find(([name]) => name === argv[3]!.toLowerCase());
  if (metric === undefined) {
    return ctx.reply.error('ERR Unrecognized sort metric for ORDERBY. The supported metrics are: key-count, memory-bytes, hits and evictions.');
  }
  let limit = SLOT_COUNT;
  let desc = true;
  let limits = 0;
  let orders = 0;
  for (let i = 4; i < argv.length; i++) {
    const a = argv[i]!;
    if (isOption(a, 'LIMIT') && i + 1 < argv.length) {
      const n = parseInteger(argv[++i]!);
      if (n === null || n < 1 || n > SLOT_COUNT) return ctx.reply.error('ERR Limit has to lie in between 1 and 16384 (maximum number of slots).');
      limit = n;
      limits++;
    } else if (isOption(a, 'ASC') || isOption(a, 'DESC')) {
      desc = isOption(a, 'DESC');
      orders++;
    } else return ctx.reply.error(Err.syntax);
    if (limits > 1 || orders > 1) return ctx.reply.error('ERR Multiple filters of the same type are disallowed.');
  }
  const read = metric[1];
  const values = new Float64Array(SLOT_COUNT);
  const order = Array.from({ length: SLOT_COUNT }, (_, slot) => ((values[slot] = read(ctx.db, slot)), slot));
  order.sort((a, b) => (values[a] === values[b] ? a - b : desc ? values[b]! - values[a]! : values[a]! - values[b]!));
  ctx.reply.array(limit);
  for (let i = 0; i < limit; i++) replySlotStat(ctx, order[i]!);
}

const sub = (name: string, arity: number, handler: CommandSpec['handler']): CommandSpec => ({
  name,
  arity,
  flags: ['stale'],
  firstKey: 0,
  lastKey: 0,
  step: 0,
  categories: ['slow'],
  handler,
});

// The rest of Redis 7.0's CLUSTER subcommands, refused as Redis refuses them outside cluster
// mode, so clients probing for a cluster (CLUSTER INFO, CLUSTER SLOTS) see what Redis answers.
function disabled(ctx: CommandContext): void {
  ctx.reply.error('ERR This instance has cluster support disabled');
}

const ADMIN: CommandSpec['flags'] = ['admin', 'stale', 'no_async_loading'];
const REFUSED: Array<[name: string, arity: number, flags: CommandSpec['flags']]> = [
  ['info', 2, ['stale']],
  ['slots', 2, ['stale']],
  ['shards', 2, ['stale']],
  ['nodes', 2, ['stale']],
  ['links', 2, ['stale']],
  ['myid', 2, ['stale']],
  ['help', 2, ['loading', 'stale']],
  ['replicas', 3, ['admin', 'stale']],
  ['slaves', 3, ['admin', 'stale']],
  ['count-failure-reports', 3, ['admin', 'stale']],
  ['reset', -2, ['admin', 'noscript', 'stale']],
  ['addslots', -3, ADMIN],
  ['addslotsrange', -4, ADMIN],
  ['delslots', -3, ADMIN],
  ['delslotsrange', -4, ADMIN],
  ['flushslots', 2, ADMIN],
  ['setslot', -4, ADMIN],
  ['meet', -4, ADMIN],
  ['forget', 3, ADMIN],
  ['replicate', 3, ADMIN],
  ['failover', -2, ADMIN],
  ['saveconfig', 2, ADMIN],
  ['set-config-epoch', 3, ADMIN],
  ['bumpepoch', 2, ADMIN],
];

export const clusterCommands: CommandSpec[] = [
  container('cluster', [
    sub('keyslot', 3, keyslot),
    sub('countkeysinslot', 3, countkeysinslot),
    sub('getkeysinslot', 4, getkeysinslot),
    sub('slot-stats', -4, slotStats),
    ...REFUSED.map(([name, arity, flags]) => ({
      ...sub(name, arity, disabled),
      flags,
      categories: flags.includes('admin') ? ['admin', 'slow', 'dangerous'] : ['slow'],
    })),
  ]),
];
