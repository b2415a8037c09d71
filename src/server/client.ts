import type { Socket } from 'node:net';
import { dispatch, startTiming } from '../commands/dispatcher.js';
import type { ClientState, CommandContext, ServerState } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';
import { CLOSE_SILENTLY, RequestDecoder, type DecodeSink } from '../resp/decoder.js';
import { Reply, type Protocol } from '../resp/reply.js';

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

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly server: ServerState,
    private readonly onClose: (client: Client) => void,
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
    socket.on('drain', () => socket.resume());
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
    return !this.closing && !this.closed;
  }

  private onData(chunk: Buffer): void {
    if (this.closing || this.closed) return;
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
  }

  /** Writes everything queued in one write; stops reading while the socket buffer is full. */
  flush(): void {
    if (this.closed || this.reply.out.length === 0) return;
    const out = this.reply.take();
    this.server.stats.netOutputBytes += out.length;
    if (!this.socket.write(out, 'latin1')) this.socket.pause();
  }

  /** Closes at once, dropping anything unsent. */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.onClose(this);
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
