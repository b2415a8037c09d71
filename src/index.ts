import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { Config } from './config.js';
import { RespServer } from './server/server.js';

export { ManualClock, systemClock, type Clock } from './clock.js';
export { Config } from './config.js';
export { RespServer } from './server/server.js';
export { Keyspace } from './keyspace/keyspace.js';
export { serializeKeyspace, deserializeKeyspace } from './persistence/stream.js';
export { SnapshotError, type LoadResult } from './persistence/reader.js';
export { SnapshotFileError } from './persistence/snapshot-file.js';

export interface StartOptions {
  /** TCP port; 0 picks a free one. Default 6390. */
  port?: number;
  /** Address to bind. Default 127.0.0.1. */
  host?: string;
  /** Settings by their redis.conf names, e.g. `{ maxmemory: '100mb', 'maxmemory-policy': 'allkeys-lru' }`. */
  config?: Record<string, string | number | boolean>;
  clock?: Clock;
  logger?: Logger;
}

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly server: RespServer;
  close(): Promise<void>;
}

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Builds a Config from redis.conf-style names; throws on the first invalid setting. */
export function configFrom(settings: Record<string, string | number | boolean> = {}): Config {
  const config = new Config();
  for (const [name, raw] of Object.entries(settings)) {
    const text = typeof raw === 'boolean' ? (raw ? 'yes' : 'no') : String(raw);
    const error = config.set(name, text, { allowImmutable: true });
    if (error) throw new Error(`invalid setting '${name}' = '${text}': ${error}`);
  }
  return config;
}

/**
 * Starts a server in this process; `port: 0` picks a free port. With save points set
 * (persistence on) it loads `dir`/`dbfilename` first, if present, answering -LOADING
 * meanwhile; a snapshot that cannot be loaded stops the start (the promise rejects).
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = configFrom(options.config);
  const server = new RespServer({ config, clock: options.clock, logger: options.logger, version: VERSION });
  const { host, port } = await server.listen(options.port ?? config.values.port, options.host ?? config.values.bind);
  if (config.values.save.length > 0) await server.snapshots.load().catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  return { host, port, server, close: () => server.close() };
}
