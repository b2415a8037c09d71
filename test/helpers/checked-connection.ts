import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';

/**
 * A RESP2 connection whose replies are decoded by `redis-parser`, a parser independent of ours:
 * a reply it cannot parse is a malformed reply (a server bug), never silently skipped.
 */

interface ParserOptions {
  returnReply(reply: unknown): void;
  returnError(err: Error): void;
  returnFatalError(err: Error): void;
}
const require = createRequire(import.meta.url);
const Parser = require('redis-parser') as new (options: ParserOptions) => { execute(data: Buffer): void };

export class CheckedConnection {
  /** The parser's error if a reply was malformed. */
  malformed: Error | null = null;
  closed = false;
  replies = 0;
  private readonly waiting: Array<(reply: unknown) => void> = [];
  private closeWaiters: Array<() => void> = [];
  /** Called for every reply that no `call`/`pipeline` is waiting for. */
  onUnclaimed: ((reply: unknown) => void) | null = null;

  private constructor(readonly socket: Socket) {
    const parser = new Parser({
      returnReply: (r) => this.deliver(r),
      returnError: (e) => this.deliver(e),
      returnFatalError: (e) => {
        this.malformed ??= e;
        socket.destroy();
      },
    });
    socket.on('data', (d: Buffer) => parser.execute(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.closeWaiters.splice(0)) w();
      for (const w of this.waiting.splice(0)) w(new Error('connection closed'));
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<CheckedConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host }, () => {
        s.off('error', reject);
        resolve(new CheckedConnection(s));
      });
      s.once('error', reject);
    });
  }

  private deliver(reply: unknown): void {
    this.replies++;
    const w = this.waiting.shift();
    if (w) w(reply);
    else this.onUnclaimed?.(reply);
  }

  write(data: Buffer): void {
    if (!this.closed) this.socket.write(data);
  }

  /** Sends commands in one write; resolves with their replies (Error objects for error replies). */
  pipeline(commands: ReadonlyArray<ReadonlyArray<string>>): Promise<unknown[]> {
    const replies = commands.map(() => new Promise<unknown>((resolve) => this.waiting.push(resolve)));
    this.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  }

  async call(...args: string[]): Promise<unknown> {
    return (await this.pipeline([args]))[0];
  }

  /** Resolves when the connection is closed (by either side). */
  whenClosed(): Promise<void> {
    return this.closed ? Promise.resolve() : new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A command as a RESP multibulk; arguments are latin1 strings. */
export function encode(args: ReadonlyArray<string>): Buffer {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return Buffer.from(s, 'latin1');
}
