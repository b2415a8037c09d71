import { Err } from '../errors.js';
import { optionName, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

/** One matching run, as LCS IDX reports it: inclusive ranges in a and in b. */
interface Match {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * The classic dynamic-programming LCS table, as Redis builds it: cell (i, j) holds the LCS
 * length of a[0..i) and b[0..j), at index j + (blen + 1) * i.
 */
function lcsTable(a: string, b: string, table: Uint32Array): void {
  const width = b.length + 1;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const row = i * width;
    const prev = row - width;
    for (let j = 1; j <= b.length; j++) {
      if (ai === b.charCodeAt(j - 1)) table[row + j] = table[prev + j - 1]! + 1;
      else {
        const up = table[prev + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
function lcs(ctx: CommandContext, argv: string[]): void {
  // Redis reads both keys before it looks at the options.
  const a = ctx.db.read(argv[1]!, ctx.now)?.value ?? '';
  const b = ctx.db.read(argv[2]!, ctx.now)?.value ?? '';
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = optionName(argv[j]!);
    if (opt === 'IDX') getIdx = true;
    else if (opt === 'LEN') getLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && j < argv.length - 1) {
      const n = parseInteger(argv[++j]!);
      if (n === null) {
        ctx.reply.error(Err.notInteger);
        return;
      }
      minMatchLen = Math.max(n, 0);
    } else {
      ctx.reply.error(Err.syntax);
      return;
    }
  }
  if (getIdx && getLen) {
    ctx.reply.error('ERR If you want both the length and indexes, please just use IDX.');
    return;
  }

  const width = b.length + 1;
  const cells = (a.length + 1) * width;
  if (cells * 4 > ctx.server.config.values.protoMaxBulkLen) {
    ctx.reply.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  let table: Uint32Array;
  try {
    table = new Uint32Array(cells);
  } catch {
    ctx.reply.error('ERR Insufficient memory, failed allocating transient memory for LCS');
    return;
  }
  lcsTable(a, b, table);
  const length = table[cells - 1]!;
  if (getLen) {
    ctx.reply.int(length);
    return;
  }

  // Walk back from the end, collecting the common string and the matching runs, exactly as
  // Redis does (so the runs come out last first, and equal LCS paths are chosen alike).
  const chars: string[] = new Array(length);
  const matches: Match[] = [];
  let idx = length;
  let i = a.length;
  let j = b.length;
  let run: Match | null = null;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      chars[idx - 1] = a[i - 1]!;
      if (run === null) {
        run = { aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1 };
      } else if (run.aStart === i && run.bStart === j) {
        run.aStart--;
        run.bStart--;
      } else {
        emit = true;
      }
      // A run touching the start of either string is complete: the loop ends next.
      if (run.aStart === 0 || run.bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j]! > table[i * width + j - 1]!) i--;
      else j--;
      if (run !== null) emit = true;
    }
    if (emit && run !== null) {
      if (minMatchLen === 0 || run.aEnd - run.aStart + 1 >= minMatchLen) matches.push(run);
      run = null;
    }
  }

  if (!getIdx) {
    ctx.reply.bulk(chars.join(''));
    return;
  }
  const { reply } = ctx;
  reply.map(2);
  reply.bulk('matches');
  reply.array(matches.length);
  for (const m of matches) {
    reply.array(withMatchLen ? 3 : 2);
    reply.array(2);
    reply.int(m.aStart);
    reply.int(m.aEnd);
    reply.array(2);
    reply.int(m.bStart);
    reply.int(m.bEnd);
    if (withMatchLen) reply.int(m.aEnd - m.aStart + 1);
  }
  reply.bulk('len');
  reply.int(length);
}

export const stringLcsCommands: CommandSpec[] = [
  { name: 'lcs', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 2, step: 1, categories: ['read', 'string', 'slow'], handler: lcs },
];
