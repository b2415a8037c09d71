import { createHash, timingSafeEqual } from 'node:crypto';
import { cString, Err } from '../errors.js';
import { dbArgOrReply, parseInteger } from './args.js';
import type { CommandContext, CommandSpec } from './types.js';

const PONG = '+PONG\r\n';

// PING [message]
function ping(ctx: CommandContext, argv: string[]): void {
  if (argv.length > 2) {
    ctx.reply.error("ERR wrong number of arguments for 'ping' command");
    return;
  }
  if (argv.length === 2) ctx.reply.bulk(argv[1]!);
  else ctx.reply.raw(PONG);
}

// ECHO message
function echo(ctx: CommandContext, argv: string[]): void {
  ctx.reply.bulk(argv[1]!);
}

/** Checks a password for the default user; replies with the error and returns false on failure. */
export function authenticate(ctx: CommandContext, username: string | null, password: string): boolean {
  const required = ctx.server.config.values.requirepass;
  if (required === '') {
    if (username === null) {
      ctx.reply.error(Err.authNotConfigured);
      return false;
    }
    if (username === 'default') {
      ctx.client.authenticated = true;
      return true;
    }
  } else if ((username === null || username === 'default') && constantTimeEqual(password, required)) {
    ctx.client.authenticated = true;
    return true;
  }
  ctx.reply.error(Err.wrongPass);
  return false;
}

/** Compares digests, so the time taken reveals neither the length nor a matching prefix. */
function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'latin1').digest();
  return timingSafeEqual(digest(a), digest(b));
}

// AUTH [username] password
function auth(ctx: CommandContext, argv: string[]): void {
  if (argv.length > 3) {
    ctx.reply.error(Err.syntax);
    return;
  }
  const ok = argv.length === 3 ? authenticate(ctx, argv[1]!, argv[2]!) : authenticate(ctx, null, argv[1]!);
  if (ok) ctx.reply.ok();
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
function hello(ctx: CommandContext, argv: string[]): void {
  let version = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseInteger(argv[next++]!);
    if (v === null) {
      ctx.reply.error('ERR Protocol version is not an integer or out of range');
      return;
    }
    if (v < 2 || v > 3) {
      ctx.reply.error(Err.noProto);
      return;
    }
    version = v;
  }
  let username: string | null = null;
  let password: string | null = null;
  let name: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!.toUpperCase();
    if (opt === 'AUTH' && more >= 2) {
      username = argv[j + 1]!;
      password = argv[j + 2]!;
      j += 2;
    } else if (opt === 'SETNAME' && more >= 1) {
      name = argv[j + 1]!;
      const invalid = validateClientName(name);
      if (invalid) {
        ctx.reply.error(invalid);
        return;
      }
      j++;
    } else {
      ctx.reply.error(`ERR Syntax error in HELLO option '${cString(argv[j]!)}'`);
      return;
    }
  }
  if (username !== null && password !== null && !authenticate(ctx, username, password)) return;
  if (!ctx.client.authenticated) {
    ctx.reply.error(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
    return;
  }
  if (name !== null) ctx.client.name = name;
  if (version) ctx.client.setProtocol(version as 2 | 3);
  const r = ctx.reply;
  r.map(7);
  r.bulk('server');
  r.bulk('redis');
  r.bulk('version');
  r.bulk('7.0.15');
  r.bulk('proto');
  r.int(ctx.client.protocol);
  r.bulk('id');
  r.int(ctx.client.id);
  r.bulk('mode');
  r.bulk('standalone');
  r.bulk('role');
  r.bulk('master');
  r.bulk('modules');
  r.array(0);
}

/** Redis refuses client names with spaces or control characters. */
export function validateClientName(name: string): string | null {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return 'ERR Client names cannot contain spaces, newlines or special characters.';
  }
  return null;
}

// SELECT index
function select(ctx: CommandContext, argv: string[]): void {
  const db = dbArgOrReply(ctx, argv[1]!);
  if (db === null) return;
  ctx.client.select(db.index);
  ctx.reply.ok();
}

// QUIT
function quit(ctx: CommandContext): void {
  ctx.reply.ok();
  ctx.client.closeAfterReply();
}

// RESET
function reset(ctx: CommandContext): void {
  const c = ctx.client;
  c.select(0);
  c.setProtocol(2);
  c.name = '';
  c.authenticated = ctx.server.config.values.requirepass === '';
  ctx.reply.simple('RESET');
}

export const connectionCommands: CommandSpec[] = [
  { name: 'ping', arity: -1, flags: ['fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: ping },
  { name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: echo },
  { name: 'auth', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: auth },
  { name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: hello },
  { name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: select },
  { name: 'quit', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: quit },
  { name: 'reset', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], firstKey: 0, lastKey: 0, step: 0, categories: ['fast', 'connection'], handler: reset },
];
