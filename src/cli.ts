#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { Config, PARAMS } from './config.js';
import { SnapshotFileError } from './persistence/snapshot-file.js';
import { RespServer } from './server/server.js';
import { VERSION } from './index.js';

/**
 * `dwc-resp [config-file] [--name value ...]`: like redis-server, a redis.conf-style file first,
 * then flags named after the same directives; flags win over the file.
 */

/** Parses redis.conf lines: `directive arg [arg ...]`, '#' comments, "quoted" arguments. */
export function parseConfigFile(text: string, file: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const words = [...trimmed.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    if (words.length < 2 && words[0]?.toLowerCase() !== 'save') {
      throw new Error(`${file}:${i + 1}: '${trimmed}' needs a value`);
    }
    const [name, ...args] = words;
    out.push([name!.toLowerCase(), args.join(' ')]);
  });
  return out;
}

function logLevel(level: string): string {
  return { debug: 'debug', verbose: 'debug', notice: 'info', warning: 'warn', nothing: 'silent' }[level] ?? 'info';
}

function makeLogger(level: string): Logger {
  const pretty = process.stdout.isTTY;
  return pino({
    level: logLevel(level),
    base: { pid: process.pid },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}

async function main(): Promise<void> {
  let parser = yargs(hideBin(process.argv))
    .scriptName('dwc-resp')
    .usage('$0 [config-file] [options]\n\nA Redis-compatible server. Options are named like redis.conf directives.')
    .strictOptions()
    .version(VERSION)
    .alias('h', 'help');
  for (const p of PARAMS) parser = parser.option(p.name, { type: 'string', describe: `redis.conf '${p.name}'`, group: 'Settings:' });
  const argv = await parser.parseAsync();

  const config = new Config();
  const apply = (name: string, value: string, source: string) => {
    const error = config.set(name, value, { allowImmutable: true });
    if (error) throw new Error(`${source}: bad value for '${name}' ('${value}'): ${error}`);
  };
  const file = argv._[0];
  if (file !== undefined) {
    const path = String(file);
    for (const [name, value] of parseConfigFile(readFileSync(path, 'utf8'), path)) apply(name, value, path);
  }
  for (const p of PARAMS) {
    const v = argv[p.name];
    if (v !== undefined) apply(p.name, String(v), `--${p.name}`);
  }

  const log = makeLogger(config.values.loglevel);
  const server = new RespServer({ config, logger: log, version: VERSION });
  const { host, port } = await server.listen();
  // Like redis-server: load the snapshot if there is one, answering -LOADING meanwhile.
  await server.snapshots.load();
  const v = config.values;
  log.info(
    { host, port, maxmemory: v.maxmemory, policy: v.maxmemoryPolicy, databases: v.databases },
    `dwc-resp ${VERSION} ready on ${host}:${port} (maxmemory ${v.maxmemory || 'unlimited'}, policy ${v.maxmemoryPolicy})`,
  );

  // As Redis: save first when save points are set; if that save fails, keep running.
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    if (server.shutdown('default') !== null) {
      log.error(`${signal} received but errors trying to shut down the server, check the logs for more information`);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.once('shutdown', () => process.exit(0));
}

main().catch((err: Error) => {
  const untouched = err instanceof SnapshotFileError ? '; not starting, the file is left untouched' : '';
  process.stderr.write(`dwc-resp: ${err.message}${untouched}\n`);
  process.exit(1);
});
