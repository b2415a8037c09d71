import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import { createCommandTable } from '../commands/index.js';
import type { ClientDirectory, CommandTable, ServerState } from '../commands/types.js';
import { Config } from '../config.js';
import type { PersistenceStatus } from '../info/info.js';
import { ServerStats } from '../info/stats.js';
import { activeExpiryJob } from '../keyspace/expiry.js';
import { COMMAND_BUDGET_MS, attachEviction, type Evictor } from '../keyspace/evictor.js';
import { Keyspace } from '../keyspace/keyspace.js';
import { SnapshotService } from '../persistence/service.js';
import { Err } from '../errors.js';
import { Client } from './client.js';
import { closeIdleClients, protectedModeRefuses } from './limits.js';

export interface ServerOptions {
  config?: Config;
  clock?: Clock;
  logger?: Logger;
  version?: string;
}

/**
 * The TCP server and the state every command shares. Owns the client registry; knows nothing
 * of command semantics.
 */
export class RespServer extends EventEmitter implements ServerState, ClientDirectory {
  readonly config: Config;
  readonly clock: Clock;
  readonly keyspace: Keyspace;
  readonly evictor: Evictor;
  readonly stats = new ServerStats();
  readonly commands: CommandTable = createCommandTable();
  readonly clients: ClientDirectory = this;
  readonly startedAt: number;
  readonly version: string;
  readonly persistence: PersistenceStatus;
  readonly snapshots: SnapshotService;
  loading = false;
  port = 0;

  private log: Logger | undefined;
  private readonly net: Server;
  private readonly byId = new Map<number, Client>();
  private nextId = 1;
  private stopping: Promise<void> | null = null;
  private cron: NodeJS.Timeout | null = null;
  /** Periodic jobs (active expiry, save points, idle clients), run `hz` times a second. */
  private readonly cronJobs: Array<(now: number) => void> = [];

  constructor(options: ServerOptions = {}) {
    super();
    this.config = options.config ?? new Config();
    this.clock = options.clock ?? systemClock;
    this.log = options.logger;
    this.version = options.version ?? '0.0.0';
    this.startedAt = this.clock.now();
    this.keyspace = new Keyspace(this.config.values.databases, this.clock);
    this.evictor = attachEviction(this.config, this.keyspace);
    this.addCronJob((now) => this.evictor.cron(now));
    this.persistence = {
      lastSave: Math.floor(this.startedAt / 1000),
      bgsaveInProgress: false,
      lastBgsaveOk: true,
      lastBgsaveTimeSec: -1,
      currentBgsaveStart: 0,
      loadingStart: 0,
      loadingTotalBytes: 0,
      loadingLoadedBytes: 0,
    };
    this.snapshots = new SnapshotService(this, this.log);
    this.addCronJob((now) => this.snapshots.cron(now));
    this.net = createServer((socket) => this.accept(socket));
    this.addCronJob(activeExpiryJob(this.keyspace, () => this.config.values.hz));
    this.addCronJob((now) => {
      closeIdleClients(this.byId.values(), now, this.config.values.timeout);
      for (const c of [...this.byId.values()]) c.checkOutputLimit(now);
    });
  }

  listen(port = this.config.values.port, host = this.config.values.bind): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.net.once('error', reject);
      this.net.listen({ port, host }, () => {
        this.net.off('error', reject);
        const addr = this.net.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        this.startCron();
        resolve({ host, port: this.port });
      });
    });
  }

  /** Sets the logger after start-up (the CLI loads pino once the port is open). */
  useLogger(log: Logger): void {
    this.log = log;
    this.snapshots.log = log;
  }

  /** Adds a job to the periodic cycle (Redis's serverCron). */
  addCronJob(job: (now: number) => void): void {
    this.cronJobs.push(job);
  }

  /** One pass of the periodic cycle; tests call it after moving a ManualClock. */
  runCron(now = this.clock.now()): void {
    for (const job of this.cronJobs) job(now);
  }

  private startCron(): void {
    // Redis clamps hz to 1..500 (CONFIG SET accepts any non-negative int).
    const period = Math.floor(1000 / Math.min(500, Math.max(1, this.config.values.hz)));
    this.cron = setInterval(() => this.runCron(), period);
    this.cron.unref();
  }

  private accept(socket: Socket): void {
    const v = this.config.values;
    if (this.byId.size >= v.maxclients) {
      this.stats.rejectedConnections++;
      refuse(socket, Err.maxClients);
      return;
    }
    this.stats.totalConnections++;
    if (protectedModeRefuses(v, socket.remoteAddress)) {
      this.stats.rejectedConnections++;
      this.log?.warn({ addr: socket.remoteAddress }, 'connection refused by protected mode');
      refuse(socket, Err.protectedMode);
      return;
    }
    if (v.tcpKeepalive > 0) socket.setKeepAlive(true, v.tcpKeepalive * 1000);
    const id = this.nextId++;
    const client = new Client(id, socket, this, (c, reason) => this.forget(c, reason));
    this.byId.set(id, client);
    this.log?.debug({ id, addr: client.addr }, 'client connected');
  }

  private forget(client: Client, reason?: string): void {
    if (!this.byId.delete(client.id)) return;
    if (reason) this.log?.info({ id: client.id, addr: client.addr, reason }, 'client closed');
    else this.log?.debug({ id: client.id }, 'client closed');
  }

  // ClientDirectory
  all(): Iterable<Client> {
    return this.byId.values();
  }

  count(): number {
    return this.byId.size;
  }

  kill(id: number): boolean {
    const c = this.byId.get(id);
    if (!c) return false;
    c.destroy();
    return true;
  }

  // ServerState
  ensureMemory(now: number): boolean {
    return this.evictor.evict(now, COMMAND_BUDGET_MS);
  }

  writeRefusal(): string | null {
    return this.snapshots.writeRefusal();
  }

  handlerFailed(command: string, err: unknown): void {
    this.log?.error({ err, command }, 'command handler failed');
  }

  shutdown(mode: 'save' | 'nosave' | 'default' = 'default'): string | null {
    const refused = this.snapshots.saveBeforeShutdown(mode);
    if (refused !== null) return refused;
    void this.close().then(() => this.emit('shutdown'));
    return null;
  }

  /** Stops accepting, closes every client, resolves when the listener is closed. */
  close(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.cron) clearInterval(this.cron);
    this.snapshots.abortBgsave();
    this.stopping = new Promise((resolve) => {
      this.net.close(() => resolve());
      for (const c of [...this.byId.values()]) c.destroy();
    });
    return this.stopping;
  }
}

/** Sends one error line to a connection we will not serve, then closes it (Redis: write and close). */
function refuse(socket: Socket, error: string): void {
  socket.on('error', () => socket.destroy());
  socket.end(`-${error}\r\n`, () => socket.destroy());
}
