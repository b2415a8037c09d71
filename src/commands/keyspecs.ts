import { REDIS_INFO, type ReplyNode } from './redis-data.js';
import type { Command } from './types.js';

/**
 * Key positions from Redis 7.0's key specs (db.c getKeysUsingKeySpecs), for COMMAND GETKEYS and
 * GETKEYSANDFLAGS. A spec says where the search begins (an index, or after a keyword) and how
 * keys follow (a range, or a count argument). Commands Redis 7.0 lacks fall back to the table's
 * (first, last, step) triple, with no flags.
 */

export interface KeyRef {
  pos: number;
  /** The spec's flags as Redis stores them (RO, access, OW, update ...). */
  flags: ReplyNode;
}

type Fields = Record<string, ReplyNode>;

const flagSet = (...names: string[]): ReplyNode => ({ s: names.map((st) => ({ st })) });

/**
 * The two Redis 7.0 commands whose key flags depend on their options (VARIABLE_FLAGS specs):
 * their flags come from Redis's getkeys procedures (db.c setGetKeys, bitfieldGetKeys).
 */
const VARIABLE_FLAGS: Record<string, (argv: readonly string[]) => ReplyNode> = {
  set: (argv) => (argv.slice(3).some((a) => a.toUpperCase() === 'GET') ? flagSet('RW', 'access', 'update') : flagSet('OW', 'update')),
  bitfield: (argv) => {
    const readOnly = !argv.slice(2).some((a) => ['SET', 'INCRBY'].includes(a.toUpperCase()));
    return readOnly ? flagSet('RO', 'access') : flagSet('RW', 'access', 'update');
  },
};

function fields(node: ReplyNode): Fields {
  const m = (node as { m: ReplyNode[] }).m;
  const out: Fields = {};
  for (let i = 0; i < m.length; i += 2) out[m[i] as string] = m[i + 1]!;
  return out;
}

/** Whether the command takes key arguments at all. */
export function hasKeys(cmd: Command): boolean {
  const specs = REDIS_INFO[cmd.fullName]?.keySpecs.s;
  return specs !== undefined ? specs.length > 0 : cmd.firstKey > 0;
}

/** Key positions in argv (argv[0] is the command name); null when argv does not fit a spec. */
export function keyRefs(cmd: Command, argv: readonly string[]): KeyRef[] | null {
  const specs = REDIS_INFO[cmd.fullName]?.keySpecs.s;
  if (specs === undefined) return legacyRefs(cmd, argv.length);
  const argc = argv.length;
  const refs: KeyRef[] = [];
  for (const node of specs) {
    const spec = fields(node);
    const begin = fields(spec.begin_search!);
    const beginSpec = fields(begin.spec!);
    let first = 0;
    if (begin.type === 'index') first = beginSpec.index as number;
    else if (begin.type === 'keyword') {
      const keyword = (beginSpec.keyword as string).toLowerCase();
      const from = beginSpec.startfrom as number;
      const start = from > 0 ? from : argc + from;
      const end = from > 0 ? argc - 1 : 0;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === keyword) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    } else return null;

    const find = fields(spec.find_keys!);
    const findSpec = fields(find.spec!);
    let last: number;
    let step: number;
    if (find.type === 'range') {
      const lastkey = findSpec.lastkey as number;
      const limit = findSpec.limit as number;
      step = findSpec.keystep as number;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + Math.floor((argc - first) / limit) + lastkey;
    } else if (find.type === 'keynum') {
      const at = first + (findSpec.keynumidx as number);
      if (at >= argc) return null;
      const numkeys = Number(argv[at]);
      if (!/^(0|[1-9][0-9]*)$/.test(argv[at]!)) return null;
      first += findSpec.firstkey as number;
      step = findSpec.keystep as number;
      last = first + numkeys * step - 1;
    } else return null;

    const flags = VARIABLE_FLAGS[cmd.fullName]?.(argv) ?? spec.flags!;
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) continue; // variable arity: the command reports the error
      refs.push({ pos: i, flags });
    }
  }
  return refs;
}

function legacyRefs(cmd: Command, argc: number): KeyRef[] {
  if (cmd.firstKey <= 0) return [];
  const last = cmd.lastKey < 0 ? argc + cmd.lastKey : cmd.lastKey;
  const refs: KeyRef[] = [];
  for (let i = cmd.firstKey; i <= last && i < argc; i += cmd.step || 1) refs.push({ pos: i, flags: { s: [] } });
  return refs;
}
