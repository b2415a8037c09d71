import type { Clock } from '../clock.js';
import type { Database } from '../keyspace/database.js';
import type { InfoSource } from '../info/info.js';
import type { SnapshotService } from '../persistence/service.js';
import type { CommandStats } from '../info/stats.js';
import type { Protocol, Reply } from '../resp/reply.js';

/** Redis 7.0 command flags, as COMMAND INFO prints them. */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

/**
 * A command as its family declares it. Arity counts the command name; -N means at least N.
 * Key positions follow Redis's legacy triple (first, last, step); last -1 means "to the end".
 * A container command (CONFIG, CLIENT ...) has subcommands instead of a handler.
 */
export interface CommandSpec {
  name: string;
  arity: number;
  flags: readonly CommandFlag[];
  firstKey: number;
  lastKey: number;
  step: number;
  /** ACL categories without the '@', for COMMAND INFO. */
  categories?: readonly string[];
  handler?: Handler;
  subcommands?: readonly CommandSpec[];
}

export type Handler = (ctx: CommandContext, argv: string[]) => void;

/** What the connection layer exposes about one client to commands. */
export interface ClientState {
  readonly id: number;
  name: string;
  libName: string;
  libVersion: string;
  dbIndex: number;
  authenticated: boolean;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly createdAt: number;
  lastInteraction: number;
  lastCommand: string;
  readonly protocol: Protocol;
  setProtocol(proto: Protocol): void;
  select(index: number): void;
  /** Sends what is queued, then closes (QUIT). */
  closeAfterReply(): void;
  /** The `CLIENT LIST` / `CLIENT INFO` line for this client. */
  describe(now: number): string;
}

export interface ClientDirectory {
  all(): Iterable<ClientState>;
  count(): number;
  /** Closes a client at once; returns false if it is gone. */
  kill(id: number): boolean;
}

/** Server-wide services a command may use. */
export interface ServerState extends InfoSource {
  readonly clock: Clock;
  readonly clients: ClientDirectory;
  readonly commands: CommandTable;
  /** SAVE, BGSAVE, LASTSAVE and the save-point state. */
  readonly snapshots: SnapshotService;
  /** Frees memory down to maxmemory if needed; false when it cannot (-OOM for denyoom commands). */
  ensureMemory(now: number): boolean;
  /** An error text that refuses writes (MISCONF), or null. */
  writeRefusal(): string | null;
  /** Reports a handler's exception (logged; the client got an -ERR). */
  handlerFailed(command: string, err: unknown): void;
  /** Stops the server; returns an error text when it refuses (SHUTDOWN). */
  shutdown(mode: 'save' | 'nosave' | 'default'): string | null;
}

export interface CommandContext {
  readonly reply: Reply;
  readonly client: ClientState;
  readonly server: ServerState;
  /** The client's selected database. */
  readonly db: Database;
  /** One time for the whole command, epoch ms. */
  now: number;
}

/** A registered command: its spec plus what the dispatcher derives once. */
export interface Command extends CommandSpec {
  /** "get", or "config|get" for a subcommand: the name Redis prints in errors. */
  readonly fullName: string;
  /** Refused while snapshots fail (MISCONF): writes, and PING, as Redis 7.0 does so a health check notices. */
  readonly deniedOnDiskError: boolean;
  readonly denyOom: boolean;
  readonly noAuth: boolean;
  readonly allowedWhileLoading: boolean;
  readonly stats: CommandStats;
  readonly children?: ReadonlyMap<string, Command>;
  readonly parent?: Command;
}

export interface CommandTable {
  lookup(name: string): Command | undefined;
  all(): Iterable<Command>;
  size(): number;
}
