#!/usr/bin/env node
import { pino, type DestinationStream, type Logger } from 'pino';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfigFile } from './config-file.js';
import { Config, PARAMS } from './config.js';
import { RespServer } from './server/server.js';
import { VERSION } from './index.js';

/**
 * `dwc-resp [config-file] [--name value ...]`: like redis-server, a redis.conf-style file first,
 * then flags named after the same directives; flags win over the file.
 */

const PINO_LEVELS: Record<string, string> = { debug: 'debug', verbose: 'debug', notice: 'info', warning: 'warn' };

/**
 * JSON lines when piped (for log collectors); pino-pretty on a terminal. pino-pretty is loaded
 * only then, and runs in this thread, so a piped start pays nothing for it.
 */
async function makeLogger(level: string): Promise<Logger> {
  const options = { level: PINO_LEVELS[level] ?? 'info', base: { pid: process.pid } };
  if (!process.stdout.isTTY) return pino(options);
  const { default: pretty } = await import('pino-pretty');
  const stream: DestinationStream = pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino(options, stream);
}

async function main(): Promise<void> {
  let parser = yargs(hideBin(process.argv))
    .scriptName('dwc-resp')
    .usage('$0 [config-file] [options]\n\nA Redis-compatible server. Options are named like redis.conf directives;\nmemory sizes take units (100mb, 1gb).')
    .strictOptions()
    .version(VERSION)
    .alias('h', 'help');
  for (const p of PARAMS) parser = parser.option(p.name, { type: 'string', describe: `redis.conf '${p.name}'`, group: 'Settings:' });
  const argv = await parser.parseAsync();

  const config = new Config();
  const file = argv._[0];
  if (file !== undefined) loadConfigFile(config, String(file));
  for (const p of PARAMS) {
    const v = argv[p.name];
    if (v === undefined) continue;
    const error = config.set(p.name, String(v), { allowImmutable: true });
    if (error) throw new Error(`--${p.name} '${String(v)}': ${error}`);
  }

  const log = await makeLogger(config.values.loglevel);
  const server = new RespServer({ config, logger: log, version: VERSION });
  const { host, port } = await server.listen();
  const v = config.values;
  log.info(
    { host, port, maxmemory: v.maxmemory, policy: v.maxmemoryPolicy, databases: v.databases, config: config.file ?? undefined },
    `dwc-resp ${VERSION} ready on ${host}:${port} (maxmemory ${v.maxmemory || 'unlimited'}, policy ${v.maxmemoryPolicy})`,
  );

  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  server.once('shutdown', () => process.exit(0));
}

main().catch((err: Error) => {
  process.stderr.write(`dwc-resp: ${err.message}\n`);
  process.exit(1);
});
