/** What fuzzing needs to know of a command: the table's Command, or one rebuilt from COMMAND. */
export interface FuzzableCommand {
  readonly name: string;
  readonly flags: readonly string[];
  readonly handler?: unknown;
  readonly children?: ReadonlyMap<string, FuzzableCommand>;
}

/**
 * What command fuzzing draws arguments from: the options and numbers parsers trip on, the keys
 * the fuzz may touch, and the commands it leaves alone. Shared by the CI property test and the
 * long campaign (bench/fuzz-campaign.ts).
 */

export const FUZZ_WORDS = [
  'NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'GET', 'KEEPTTL', 'EX', 'PX', 'EXAT', 'PXAT', 'PERSIST', 'COUNT',
  'MATCH', 'TYPE', 'LIMIT', 'WITHSCORES', 'BYSCORE', 'BYLEX', 'REV', 'ASYNC', 'SYNC', 'AUTH', 'SETNAME',
  'default', 'REPLACE', 'DB', 'COPY', 'ID', 'LIST', 'INFO', 'HELP', 'SET', 'ABSTTL', 'IDLETIME', 'FREQ',
  'LEFT', 'RIGHT', 'WITHCODE', 'nx', 'ex', '*', '?', '[', 'all', 'everything',
  // Echoed into error texts, these must not break the reply's framing.
  'x\r\n', '\r\n-ERR fake\r\n', '\n', 'a\x00b', '%s%n',
];

export const FUZZ_NUMBERS = [
  '0', '1', '-1', '2', '3', '10', '100', '+1', '01', '-0', '1.5', '.5', '1e3', 'inf', '-inf', 'nan', '0x10',
  ' 1', '1 ', '2147483647', '2147483648', '4294967296', '9223372036854775807', '9223372036854775808',
  '-9223372036854775808', '-9223372036854775809', '99999999999999999999', '',
];

/** The only keys the fuzz names on purpose; the sentinel is outside this set. */
export const FUZZ_KEYS = ['fz:a', 'fz:b', 'fz:{t}1', 'fz:{t}2', 'fz:n'];

export const SENTINEL_KEY = '__sentinel__:{guard}';
export const SENTINEL_VALUE = 'must survive \x00\xff every fuzz run';

/**
 * Commands that act on the whole server or keyspace, block, switch the connection into another
 * reply mode, or write files: FLUSHALL/FLUSHDB/SWAPDB would "change" the sentinel by design.
 */
const SKIPPED = new Set(['flushall', 'flushdb', 'swapdb', 'shutdown', 'monitor', 'sync', 'psync', 'save', 'bgsave', 'bgrewriteaof']);
export function isFuzzable(cmd: FuzzableCommand): boolean {
  return !SKIPPED.has(cmd.name) && !cmd.flags.includes('admin') && !cmd.flags.includes('blocking') && !cmd.flags.includes('pubsub');
}

/** Every fuzzable command as the argv prefix that names it: ['get'], ['config', 'get'] ... */
export function fuzzTargets(commands: Iterable<FuzzableCommand>): string[][] {
  const out: string[][] = [];
  for (const cmd of commands) {
    if (!isFuzzable(cmd)) continue;
    if (cmd.children) for (const sub of cmd.children.values()) if (isFuzzable(sub)) out.push([cmd.name, sub.name]);
    if (cmd.handler) out.push([cmd.name]);
  }
  return out;
}

/**
 * HELLO 3 would switch the connection to RESP3, which the reply oracle (redis-parser) does not
 * read; the fuzz keeps the connection on RESP2.
 */
export function keepsResp2(argv: readonly string[]): boolean {
  return !(argv[0]!.toLowerCase() === 'hello' && argv.length > 1 && argv[1] === '3');
}
