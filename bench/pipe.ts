/**
 * A minimal pipelining client for the benchmark scripts: it only needs to tell a nil from a
 * value and an error from OK.
 */
import { connect, type Socket } from 'node:net';
import { encodeCommand } from '../test/helpers/resp.js';

/** One parsed reply: null for a nil bulk, the text of a simple/error/integer/bulk reply otherwise. */
export type Reply = string | null;

/** A pipelining client: send many commands, await all their replies in order. */
export class Pipe {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private pending: Reply[] = [];
  private want = 0;
  private done: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), d]) : d;
      this.pos = 0;
      this.parse();
    });
  }

  static open(port: number): Promise<Pipe> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(new Pipe(s)));
      s.once('error', reject);
    });
  }

  private parse(): void {
    const b = this.buf;
    while (this.pending.length < this.want) {
      const cr = b.indexOf(13, this.pos);
      if (cr < 0) break;
      const type = b[this.pos];
      if (type === 0x24) {
        const len = Number(b.toString('latin1', this.pos + 1, cr));
        if (len < 0) {
          this.pending.push(null);
          this.pos = cr + 2;
          continue;
        }
        if (b.length < cr + 2 + len + 2) break;
        this.pending.push(b.toString('latin1', cr + 2, cr + 2 + len));
        this.pos = cr + 2 + len + 2;
      } else {
        this.pending.push(b.toString('latin1', this.pos, cr));
        this.pos = cr + 2;
      }
    }
    if (this.pending.length >= this.want && this.done) {
      const d = this.done;
      this.done = null;
      d();
    }
  }

  /** Sends the commands in one write and resolves with their replies. */
  async run(commands: ReadonlyArray<readonly string[]>): Promise<Reply[]> {
    this.pending = [];
    this.want = commands.length;
    const wait = new Promise<void>((resolve) => (this.done = resolve));
    this.socket.write(Buffer.concat(commands.map((c) => encodeCommand(c as string[]))));
    this.parse();
    await wait;
    return this.pending;
  }

  async call(...args: string[]): Promise<Reply> {
    return (await this.run([args]))[0]!;
  }

  async info(section: string): Promise<Record<string, string>> {
    const text = (await this.call('INFO', section)) ?? '';
    return Object.fromEntries(
      text
        .split('\r\n')
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
    );
  }

  close(): void {
    this.socket.destroy();
  }
}
