import { splitInlineArgs } from './inline.js';

/**
 * Streaming request decoder: RESP multibulk (`*N\r\n$len\r\n...`) and inline commands, with
 * Redis 7.0's rules and error texts (networking.c, processMultibulkBuffer/processInlineBuffer).
 *
 * Arguments come out as latin1 strings, one char per byte, copied out of the input so that no
 * view keeps a socket chunk alive. Only the argument being received is ever buffered: parsed
 * arguments of an incomplete command are kept as strings, and a large bulk arriving in many
 * chunks is gathered in a list and joined once, so a 512mb value costs no quadratic copying.
 *
 * The hot path avoids calls into C++ where JS is cheaper (profiled under redis-benchmark -P 16):
 * the short `*N` / `$len` and inline lines are scanned in JS rather than with Buffer#indexOf, and a
 * command name repeated on a connection reuses the string made the first time (see NameCache).
 */

/** Longest inline request, and longest `*count` / `$len` line, Redis's PROTO_INLINE_MAX_SIZE. */
export const INLINE_MAX_SIZE = 64 * 1024;
/** Redis accepts a multibulk count up to INT_MAX and allocates lazily; so do we. */
const MAX_MULTIBULK = 2147483647;
/** Before AUTH, Redis refuses large frames so an unauthenticated peer cannot make it buffer. */
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;
/** Commands of up to this many arguments get their argument array at full length at once. */
const PREALLOCATED_ARGS = 1024;
/** Stands for the argument array between commands; never written to, since `*N` replaces it. */
const NO_ARGS: string[] = [];

export interface DecoderLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** client-query-buffer-limit: the most bytes of one pending command. */
  queryBufferLimit: number;
}

export interface DecodeSink {
  /**
   * Runs one command; returns false to stop decoding (the connection is closing, or its replies
   * must drain first: the rest of the input is kept for the next feed).
   */
  command(argv: string[]): boolean;
  /** True while the connection must authenticate first. */
  readonly authRequired: boolean;
}

/** Returned by feed() when Redis would drop the client without a reply (query buffer limit). */
export const CLOSE_SILENTLY = '';

const CR = 13;
const LF = 10;
const STAR = 42;
const DOLLAR = 36;

export class RequestDecoder {
  /** Unconsumed input that starts with an incomplete line or bulk. */
  private rest: Buffer | null = null;
  /** Chunks of a bulk still arriving; joined once `bulkLen + 2` bytes are in. */
  private gathered: Buffer[] | null = null;
  private gatheredBytes = 0;
  /** Arguments still expected by the command being received; 0 between commands. */
  private remaining = 0;
  /** Length of the bulk being received, or -1 before its `$len` line. */
  private bulkLen = -1;
  /** The arguments of the command being received, made at its full length once `*N` is read. */
  private args: string[] = NO_ARGS;
  /** How many of them have arrived. */
  private argc = 0;
  private readonly names = new NameCache();
  /** Bytes of the current command received so far, for the query buffer limit. */
  private pendingBytes = 0;

  constructor(private readonly limits: DecoderLimits) {}

  /** Bytes held for an incomplete command (CLIENT LIST qbuf). */
  get buffered(): number {
    return (this.rest?.length ?? 0) + this.gatheredBytes;
  }

  /**
   * Decodes as many commands as `chunk` completes and hands each to the sink.
   * Returns null, or the text of a protocol error after which the connection must close
   * (CLOSE_SILENTLY: close with no reply).
   */
  feed(chunk: Buffer, sink: DecodeSink): string | null {
    let buf: Buffer;
    if (this.gathered !== null) {
      this.gathered.push(chunk);
      this.gatheredBytes += chunk.length;
      if (this.gatheredBytes < this.bulkLen + 2) return this.checkQueryLimit(this.gatheredBytes);
      buf = Buffer.concat(this.gathered, this.gatheredBytes);
      this.gathered = null;
      this.gatheredBytes = 0;
    } else if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    } else {
      buf = chunk;
    }

    const end = buf.length;
    let pos = 0;
    while (pos < end) {
      if (this.remaining === 0) {
        if (buf[pos] !== STAR) {
          const nl = findLineEnd(buf, pos, end, LF);
          if (nl < 0) {
            if (end - pos > INLINE_MAX_SIZE) return 'Protocol error: too big inline request';
            break;
          }
          const lineEnd = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
          const argv = splitInlineArgs(latin1(buf, pos, lineEnd));
          if (argv === null) return 'Protocol error: unbalanced quotes in request';
          pos = nl + 1;
          if (argv.length > 0 && !sink.command(argv)) return this.hold(buf, pos);
          continue;
        }
        const cr = findLineEnd(buf, pos, end, CR);
        if (cr < 0 || cr > end - 2) {
          if (end - pos > INLINE_MAX_SIZE) return 'Protocol error: too big mbulk count string';
          break;
        }
        const count = parseStrictInt(buf, pos + 1, cr);
        if (count === null || count > MAX_MULTIBULK) return 'Protocol error: invalid multibulk length';
        if (count > UNAUTH_MAX_MULTIBULK && sink.authRequired) return 'Protocol error: unauthenticated multibulk length';
        pos = cr + 2;
        if (count <= 0) continue;
        this.remaining = count;
        this.pendingBytes = 0;
        // Sized up front, a command's array is allocated once rather than grown by push (whose
        // first growth reserves 17 slots); a count beyond what a real command sends grows lazily,
        // as Redis allocates, so `*2147483647` reserves nothing.
        this.args = count <= PREALLOCATED_ARGS ? new Array<string>(count) : [];
        this.argc = 0;
      }

      while (this.remaining > 0) {
        if (this.bulkLen < 0) {
          const cr = findLineEnd(buf, pos, end, CR);
          if (cr < 0 || cr > end - 2) {
            if (end - pos > INLINE_MAX_SIZE) return 'Protocol error: too big bulk count string';
            break;
          }
          if (buf[pos] !== DOLLAR) return `Protocol error: expected '$', got '${printable(buf[pos]!)}'`;
          const len = parseStrictInt(buf, pos + 1, cr);
          if (len === null || len < 0 || len > this.limits.maxBulkLen) return 'Protocol error: invalid bulk length';
          if (len > UNAUTH_MAX_BULK && sink.authRequired) return 'Protocol error: unauthenticated bulk length';
          this.bulkLen = len;
          pos = cr + 2;
        }
        if (end - pos < this.bulkLen + 2) break;
        const argEnd = pos + this.bulkLen;
        this.args[this.argc] = this.argc === 0 ? this.names.get(buf, pos, argEnd) : latin1(buf, pos, argEnd);
        this.argc++;
        this.pendingBytes += this.bulkLen;
        pos += this.bulkLen + 2;
        this.bulkLen = -1;
        this.remaining--;
      }
      if (this.remaining > 0) break;
      const argv = this.args;
      // Not kept past its command: the array may hold a large value.
      this.args = NO_ARGS;
      if (!sink.command(argv)) return this.hold(buf, pos);
    }

    if (pos < end) {
      const tail = buf.subarray(pos);
      if (this.bulkLen >= 0 && this.bulkLen + 2 - tail.length > tail.length) {
        // A large bulk: gather chunks instead of re-concatenating on every read.
        this.gathered = [Buffer.from(tail)];
        this.gatheredBytes = tail.length;
      } else {
        this.rest = Buffer.from(tail);
      }
      return this.checkQueryLimit(tail.length);
    }
    return null;
  }

  /**
   * Keeps the commands after the one the sink stopped at; a later feed (even of an empty chunk)
   * goes on with them. A client stops decoding while its replies wait to be sent.
   */
  private hold(buf: Buffer, pos: number): null {
    if (pos < buf.length) this.rest = Buffer.from(buf.subarray(pos));
    return null;
  }

  private checkQueryLimit(unparsed: number): string | null {
    return this.pendingBytes + unparsed > this.limits.queryBufferLimit ? CLOSE_SILENTLY : null;
  }
}

/**
 * The index of the first `byte` (CR or LF) in buf[from, end), or -1. Redis finds line ends with
 * strchr(), which stops at a NUL: a line with a NUL before its end is never complete. In JS: the
 * lines it scans are a few bytes long.
 */
function findLineEnd(buf: Buffer, from: number, end: number, byte: number): number {
  for (let i = from; i < end; i++) {
    const b = buf[i];
    if (b === byte) return i;
    if (b === 0) return -1;
  }
  return -1;
}

/** Redis formats the byte with %c, then turns CR and LF in an error into spaces. */
function printable(byte: number): string {
  return byte === CR || byte === LF ? ' ' : String.fromCharCode(byte);
}

/**
 * The command names a connection sent recently, as strings. A client repeats a few names
 * (GET, SET ...); reusing the string saves making one per command, and a reused string keeps
 * its cached hash, so the command table lookup skips hashing too.
 */
class NameCache {
  private static readonly SIZE = 8;
  /** Names longer than this are not cached (no command name is). */
  private static readonly MAX_LEN = 24;
  private readonly names: string[] = [];
  private next = 0;

  get(buf: Buffer, start: number, end: number): string {
    const len = end - start;
    if (len > NameCache.MAX_LEN) return latin1(buf, start, end);
    for (const name of this.names) if (name.length === len && sameBytes(name, buf, start)) return name;
    const name = latin1(buf, start, end);
    this.names[this.next] = name;
    this.next = (this.next + 1) % NameCache.SIZE;
    return name;
  }
}

function sameBytes(s: string, buf: Buffer, start: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

/** Node's internal Buffer#latin1Slice: what toString('latin1', s, e) calls after its argument checks. */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as Latin1Buffer).latin1Slice(start, end);
}

/** Redis's string2ll over a byte range: optional '-', no '+', no leading zeros, no spaces. */
function parseStrictInt(buf: Buffer, start: number, end: number): number | null {
  const len = end - start;
  if (len <= 0 || len > 20) return null;
  let i = start;
  let negative = false;
  if (buf[i] === 0x2d) {
    negative = true;
    i++;
    if (i === end) return null;
  }
  const first = buf[i]!;
  if (first === 0x30) return len === 1 ? 0 : null;
  if (first < 0x31 || first > 0x39) return null;
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}
