/**
 * Typed reply writer. Replies are appended to one latin1 string per connection and written
 * once per input chunk (see server/client.ts); V8 concatenation builds a rope, so appending is
 * cheap and the final write flattens it once. Every method encodes per the connection's
 * protocol: RESP3 types fall back to their RESP2 shapes as Redis does (map -> flat array,
 * null -> $-1 or *-1, double -> bulk string, boolean -> integer).
 */

export type Protocol = 2 | 3;

export interface ErrorCounter {
  /** Called with the error code (the first word, e.g. "ERR", "WRONGTYPE"). */
  countError(code: string): void;
}

const CRLF = '\r\n';

export class Reply {
  out = '';
  proto: Protocol = 2;

  constructor(private readonly errors: ErrorCounter) {}

  /** Takes the pending output, leaving the buffer empty. */
  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  raw(encoded: string): void {
    this.out += encoded;
  }

  ok(): void {
    this.out += '+OK\r\n';
  }

  simple(s: string): void {
    this.out += '+' + s + CRLF;
  }

  /**
   * `msg` starts with its code: "ERR syntax error", "WRONGTYPE ...". An error is one line: CR and
   * LF (from user input echoed in the text) become spaces, as in Redis's addReplyErrorSds, so no
   * argument can break the framing of the replies that follow.
   */
  error(msg: string): void {
    if (msg.includes('\r') || msg.includes('\n')) msg = msg.replace(/[\r\n]/g, ' ');
    const space = msg.indexOf(' ');
    this.errors.countError(space < 0 ? msg : msg.slice(0, space));
    this.out += '-' + msg + CRLF;
  }

  /**
   * An error built the way Redis's addReplyErrorFormat builds it: CR and LF are first trimmed
   * from the end of the text, then the rest become spaces. Matters where user input ends it.
   */
  errorFormat(msg: string): void {
    this.error(msg.replace(/[\r\n]+$/, ''));
  }

  int(n: number | bigint): void {
    this.out += ':' + n + CRLF;
  }

  /** A latin1 string: its length is its byte length. */
  bulk(s: string): void {
    this.out += '$' + s.length + CRLF + s + CRLF;
  }

  bulkOrNull(s: string | undefined | null): void {
    if (s === undefined || s === null) this.nullBulk();
    else this.out += '$' + s.length + CRLF + s + CRLF;
  }

  nullBulk(): void {
    this.out += this.proto === 3 ? '_\r\n' : '$-1\r\n';
  }

  nullArray(): void {
    this.out += this.proto === 3 ? '_\r\n' : '*-1\r\n';
  }

  array(n: number): void {
    this.out += '*' + n + CRLF;
  }

  /** A map of `n` pairs; the caller then writes 2n values. */
  map(n: number): void {
    this.out += (this.proto === 3 ? '%' : '*') + (this.proto === 3 ? n : 2 * n) + CRLF;
  }

  set(n: number): void {
    this.out += (this.proto === 3 ? '~' : '*') + n + CRLF;
  }

  push(n: number): void {
    this.out += (this.proto === 3 ? '>' : '*') + n + CRLF;
  }

  bool(b: boolean): void {
    this.out += this.proto === 3 ? (b ? '#t\r\n' : '#f\r\n') : b ? ':1\r\n' : ':0\r\n';
  }

  /** `text` is already formatted the way Redis prints this double. */
  double(text: string): void {
    if (this.proto === 3) this.out += ',' + text + CRLF;
    else this.bulk(text);
  }

  /** Free text such as INFO: a verbatim string in RESP3, a bulk string in RESP2. */
  verbatim(text: string, format = 'txt'): void {
    if (this.proto === 3) this.out += '=' + (text.length + 4) + CRLF + format + ':' + text + CRLF;
    else this.bulk(text);
  }

  bulks(items: readonly string[]): void {
    this.out += '*' + items.length + CRLF;
    for (const s of items) this.out += '$' + s.length + CRLF + s + CRLF;
  }
}
