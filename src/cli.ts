#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { DestinationStream, Logger } from 'pino';
import { loadConfigFile } from './config-file.js';
import { Config, PARAMS } from './config.js';
import { SnapshotFileError } from './persistence/snapshot-file.js';
import { RespServer } from './server/server.js';
import { VERSION } from './index.js';

/**
 * `dwc-resp [config-file] [--name value ...]`: like redis-server, a redis.conf-style file first,
 * then flags named after the same directives; flags win over the file.
 */

const PINO_LEVELS: Record<string, string> = { debug: 'debug', verbose: 'debug', notice: 'info', warning: 'warn' };

/**
 * JSON lines when piped (for log collectors); pino-pretty on a terminal. pino-pretty is loaded
 * only then, and runs in this thread, so a piped start pays nothing for it. pino itself is
 * imported after the port is open: loading it is most of our start-up time.
 */
async function makeLogger(level: string): Promise<Logger> {
  const { pino } = await import('pino');
  const options = { level: PINO_LEVELS[level] ?? 'info', base: { pid: process.pid } };
  if (!process.stdout.isTTY) return pino(options);
  const { default: pretty } = await import('pino-pretty');
  const stream: DestinationStream = pretty({ colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino(options, stream);
}

/**
 * --help and --version are rendered by yargs, imported only for them: loading yargs costs
 * about 200 ms here, more than the whole start-up budget, so ordinary starts parse with
 * node:util's parseArgs over the same PARAMS table.
 */
async function printUsage(): Promise<void> {
  const { default: yargs } = await import('yargs');
  let parser = yargs(process.argv.slice(2))
    .scriptName('dwc-resp')
    .usage('$0 [config-file] [options]\n\nA Redis-compatible server. Options are named like redis.conf directives;\nmemory sizes take units (100mb, 1gb).')
    .version(VERSION)
    .alias('h', 'help');
  for (const p of PARAMS) parser = parser.option(p.name, { type: 'string', describe: `redis.conf '${p.name}'`, group: 'Settings:' });
  await parser.parseAsync();
}

async function main(): Promise<void> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } };
  for (const p of PARAMS) options[p.name] = { type: 'string' };
  let parsed;
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new Error(`${(err as Error).message.split('. ')[0]}. See 'dwc-resp --help'.`);
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) return printUsage();
  if (positionals.length > 1) throw new Error(`one config file expected, got ${positionals.join(' ')}`);

  const config = new Config();
  if (positionals[0] !== undefined) loadConfigFile(config, positionals[0]);
  for (const p of PARAMS) {
    const v = values[p.name];
    if (v === undefined) continue;
    const error = config.set(p.name, String(v), { allowImmutable: true });
    if (error) throw new Error(`--${p.name} '${String(v)}': ${error}`);
  }

  const server = new RespServer({ config, version: VERSION });
  // Signals are handled before the ready line, so a supervisor that signals on it is heard.
  // As Redis: save first when save points are set; if that save fails, keep running.
  let log: Logger | undefined;
  const stop = (signal: string) => {
    log?.info({ signal }, 'shutting down');
    if (server.shutdown('default') !== null) {
      log?.error(`${signal} received but errors trying to shut down the server, check the logs for more information`);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const { host, port } = await server.listen();
  log = await makeLogger(config.values.loglevel);
  server.useLogger(log);
  // Like redis-server: load the snapshot if there is one, answering -LOADING meanwhile.
  await server.snapshots.load();
  const v = config.values;
  log.info(
    { host, port, maxmemory: v.maxmemory, policy: v.maxmemoryPolicy, databases: v.databases, config: config.file ?? undefined },
    `dwc-resp ${VERSION} ready on ${host}:${port} (maxmemory ${v.maxmemory || 'unlimited'}, policy ${v.maxmemoryPolicy})`,
  );
  server.once('shutdown', () => process.exit(0));
}

main().catch((err: Error) => {
  const untouched = err instanceof SnapshotFileError ? '; not starting, the file is left untouched' : '';
  process.stderr.write(`dwc-resp: ${err.message}${untouched}\n`);
  process.exit(1);
});
