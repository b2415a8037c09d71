import type { Socket } from 'node:net';
import { dispatch, startTiming } from '../commands/dispatcher.js';
import type { ClientState, CommandContext, ServerState } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';
import { CLOSE_SILENTLY, RequestDecoder, type DecodeSink } from '../resp/decoder.js';
import { Reply, type Protocol } from '../resp/reply.js';
import { outputLimitCheck } from './limits.js';

/**
 * Reply bytes waiting to be sent past which a client's pipeline is not decoded further until
 * they drain. With no hard client-output-buffer-limit for normal clients (the default), a client
 * that sends many commands and never reads its replies costs at most this much plus one reply of
 * server memory; with one, its output may grow up to that limit and it is then closed.
 */
const OUTPUT_HIGH_WATER = 256 * 1024;
const NO_INPUT = Buffer.alloc(0);

/**
 * One connection: read -> decode -> dispatch -> one write per input chunk. The client is also
 * the command context (handlers see it through the CommandContext interface), so running a
 * command allocates nothing here.
 */
export class Client implements ClientState, CommandContext, DecodeSink {
  readonly reply: Reply;
  readonly client = this;
  db: Database;
  now = 0;

  name = '';
  libName = '';
  libVersion = '';
  dbIndex = 0;
  authenticated: boolean;
  lastInteraction: number;
  lastCommand = 'NULL';
  readonly createdAt: number;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;

  private readonly decoder: RequestDecoder;
  private closing = false;
  private closed = false;
  /** Decoding stopped because replies piled up; the decoder holds the rest of the input. */
  private stalled = false;
  /** When the output first went past the soft limit, 0 while under it. */
  private overSoftLimitSince = 0;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly server: ServerState,
    private readonly onClose: (client: Client, reason?: string) => void,
  ) {
    this.reply = new Reply(server.stats);
    this.db = server.keyspace.dbs[0]!;
    this.authenticated = server.config.values.requirepass === '';
    this.createdAt = this.lastInteraction = server.clock.now();
    this.addr = `${socket.remoteAddress}:${socket.remotePort}`;
    this.laddr = `${socket.localAddress}:${socket.localPort}`;
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    const { values } = server.config;
    this.decoder = new RequestDecoder({
      get maxBulkLen() {
        return values.protoMaxBulkLen;
      },
      get queryBufferLimit() {
        return values.clientQueryBufferLimit;
      },
    });

    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    // ECONNRESET, EPIPE ...: the peer is gone; drop the client like Redis does.
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
  }

  get protocol(): Protocol {
    return this.reply.proto;
  }

  get authRequired(): boolean {
    return !this.authenticated;
  }

  /** Bytes buffered for an incomplete command. */
  get queryBufferBytes(): number {
    return this.decoder.buffered;
  }

  setProtocol(proto: Protocol): void {
    this.reply.proto = proto;
  }

  select(index: number): void {
    this.dbIndex = index;
    this.db = this.server.keyspace.dbs[index]!;
  }

  closeAfterReply(): void {
    this.closing = true;
  }

  /** DecodeSink: runs one decoded command. */
  command(argv: string[]): boolean {
    dispatch(this, argv);
    if (this.closing || this.closed) return false;
    const pending = this.reply.out.length + this.socket.writableLength;
    if (pending < OUTPUT_HIGH_WATER) return true;
    // With a hard limit, output may grow up to it and the client is then closed, as in Redis;
    // without one, the client is not served further until its replies drain.
    const { hard } = this.server.config.values.clientOutputBufferLimit.normal;
    if (hard === 0) {
      this.stalled = true;
      return false;
    }
    if (pending < hard) return true;
    this.destroy('client-output-buffer-limit reached');
    return false;
  }

  private onData(chunk: Buffer): void {
    if (this.closing || this.closed) return;
    this.stalled = false;
    this.server.stats.netInputBytes += chunk.length;
    // One time for every command of this chunk: they arrived together, and reading the clock
    // per command was a visible cost under pipelining.
    this.now = this.lastInteraction = this.server.clock.now();
    startTiming();
    const protocolError = this.decoder.feed(chunk, this);
    if (protocolError !== null) {
      if (protocolError === CLOSE_SILENTLY) {
        this.destroy();
        return;
      }
      this.reply.error('ERR ' + protocolError);
      this.closing = true;
    }
    this.flush();
    if (this.closing) this.socket.end();
    // Go on with held commands once the replies drain, or on the next turn if they went out
    // at once (so one pipelining client cannot starve the others).
    else if (this.stalled && !this.socket.writableNeedDrain) setImmediate(() => this.stalled && this.onData(NO_INPUT));
  }

  private onDrain(): void {
    this.overSoftLimitSince = 0;
    this.socket.resume();
    if (this.stalled) this.onData(NO_INPUT);
  }

  /** Writes everything queued in one write; stops reading while the socket buffer is full. */
  flush(): void {
    if (this.closed || this.reply.out.length === 0) return;
    const out = this.reply.take();
    this.server.stats.netOutputBytes += out.length;
    if (!this.socket.write(out, 'latin1')) this.socket.pause();
    this.checkOutputLimit(this.now);
  }

  /**
   * Closes the client past client-output-buffer-limit. Runs after every write, as in Redis, and
   * from the periodic cycle: a client that stopped reading is no longer decoded, so no write
   * would ever notice it staying over the soft limit.
   */
  checkOutputLimit(now: number): void {
    if (this.closed) return;
    const limit = this.server.config.values.clientOutputBufferLimit.normal;
    const since = outputLimitCheck(limit, this.socket.writableLength, now, this.overSoftLimitSince);
    if (since < 0) this.destroy('client-output-buffer-limit reached');
    else this.overSoftLimitSince = since;
  }

  /** Closes at once, dropping anything unsent. */
  destroy(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.onClose(this, reason);
  }

  /** Redis 7.0.15's line; lib-name and lib-ver (CLIENT SETINFO) are kept but, as in 7.0, not listed. */
  describe(now: number): string {
    const age = Math.floor((now - this.createdAt) / 1000);
    const idle = Math.floor((now - this.lastInteraction) / 1000);
    return (
      `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd} name=${this.name} age=${age} idle=${idle} ` +
      `flags=N db=${this.dbIndex} sub=0 psub=0 ssub=0 multi=-1 qbuf=${this.decoder.buffered} qbuf-free=0 argv-mem=0 ` +
      `multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=${this.socket.writableLength} tot-mem=0 events=r ` +
      `cmd=${this.lastCommand} user=default redir=-1 resp=${this.protocol}`
    );
  }
}
