import { cString, Err } from '../errors.js';
import { validateClientName } from './connection.js';
import { replyHelp } from './help.js';
import { isOption, parseInteger } from './args.js';
import type { ClientState, CommandContext, CommandFlag, CommandSpec } from './types.js';
import { container } from './registry.js';

/**
 * CLIENT subcommands. Every connection here is a normal client (no replicas, no pub/sub yet),
 * so TYPE filters match either all clients (normal) or none.
 */

const CLIENT_TYPES = ['normal', 'master', 'replica', 'slave', 'pubsub'];

/** Resolves a TYPE argument to whether it selects our (normal) clients; replies on error. */
function typeSelectsNormal(ctx: CommandContext, arg: string): boolean | null {
  const t = arg.toLowerCase();
  if (!CLIENT_TYPES.includes(t)) {
    ctx.reply.error(`ERR Unknown client type '${cString(arg)}'`);
    return null;
  }
  return t === 'normal';
}

/** A positive client id, or null (Redis's getRangeLongFromObjectOrReply(1, LONG_MAX)). */
function positiveId(arg: string): number | null {
  const id = parseInteger(arg);
  return id === null || id < 1 ? null : id;
}

// CLIENT ID
function id(ctx: CommandContext): void {
  ctx.reply.int(ctx.client.id);
}

// CLIENT SETNAME connection-name
function setname(ctx: CommandContext, argv: string[]): void {
  const invalid = validateClientName(argv[2]!);
  if (invalid) {
    ctx.reply.error(invalid);
    return;
  }
  ctx.client.name = argv[2]!;
  ctx.reply.ok();
}

// CLIENT GETNAME
function getname(ctx: CommandContext): void {
  ctx.reply.bulkOrNull(ctx.client.name || null);
}

/** CLIENT LIST and CLIENT INFO text: one line per client, each ending in "\n". */
function listText(ctx: CommandContext, clients: Iterable<ClientState>): string {
  let text = '';
  for (const c of clients) text += c.describe(ctx.now) + '\n';
  return text;
}

// CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]
function list(ctx: CommandContext, argv: string[]): void {
  const { clients } = ctx.server;
  let selected: ClientState[] = [...clients.all()];
  if (argv.length === 4 && isOption(argv[2]!, 'TYPE')) {
    const normal = typeSelectsNormal(ctx, argv[3]!);
    if (normal === null) return;
    if (!normal) selected = [];
  } else if (argv.length > 3 && argv[2]!.toUpperCase() === 'ID') {
    const byId = new Map(selected.map((c) => [c.id, c]));
    selected = [];
    for (let i = 3; i < argv.length; i++) {
      const cid = parseInteger(argv[i]!);
      if (cid === null) {
        ctx.reply.error('ERR Invalid client ID');
        return;
      }
      const c = byId.get(cid);
      if (c) selected.push(c);
    }
  } else if (argv.length !== 2) {
    ctx.reply.error(Err.syntax);
    return;
  }
  ctx.reply.verbatim(listText(ctx, selected));
}

// CLIENT INFO
function info(ctx: CommandContext): void {
  ctx.reply.verbatim(listText(ctx, [ctx.client]));
}

interface KillFilter {
  id?: number;
  addr?: string;
  laddr?: string;
  /** false: TYPE named a kind of client we never have. */
  typeMatches: boolean;
  skipMe: boolean;
}

/** Parses CLIENT KILL's option pairs; replies and returns null on error. */
function parseKillFilter(ctx: CommandContext, argv: string[]): KillFilter | null {
  const f: KillFilter = { typeMatches: true, skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!.toUpperCase();
    const val = argv[i + 1];
    if (val === undefined) {
      ctx.reply.error(Err.syntax);
      return null;
    }
    if (opt === 'ID') {
      const cid = positiveId(val);
      if (cid === null) {
        ctx.reply.error('ERR client-id should be greater than 0');
        return null;
      }
      f.id = cid;
    } else if (opt === 'TYPE') {
      const normal = typeSelectsNormal(ctx, val);
      if (normal === null) return null;
      f.typeMatches &&= normal;
    } else if (opt === 'ADDR') f.addr = val;
    else if (opt === 'LADDR') f.laddr = val;
    else if (opt === 'USER') {
      if (val !== 'default') {
        ctx.reply.error(`ERR No such user '${cString(val)}'`);
        return null;
      }
    } else if (opt === 'SKIPME') {
      const yn = val.toUpperCase();
      if (yn !== 'YES' && yn !== 'NO') {
        ctx.reply.error(Err.syntax);
        return null;
      }
      f.skipMe = yn === 'YES';
    } else {
      ctx.reply.error(Err.syntax);
      return null;
    }
  }
  return f;
}

/** Closes `c`: the caller itself after its reply is sent, any other client at once. */
function killClient(ctx: CommandContext, c: ClientState): void {
  if (c === ctx.client) ctx.client.closeAfterReply();
  else ctx.server.clients.kill(c.id);
}

// CLIENT KILL ip:port
// CLIENT KILL <ID client-id | TYPE type | USER username | ADDR ip:port | LADDR ip:port | SKIPME yes/no> ...
function kill(ctx: CommandContext, argv: string[]): void {
  const all = [...ctx.server.clients.all()];
  if (argv.length === 3) {
    // The old form: one address, may kill the caller, and an error when nobody matched.
    const victim = all.find((c) => c.addr === argv[2]);
    if (!victim) {
      ctx.reply.error('ERR No such client');
      return;
    }
    killClient(ctx, victim);
    ctx.reply.ok();
    return;
  }
  const f = parseKillFilter(ctx, argv);
  if (f === null) return;
  let killed = 0;
  for (const c of all) {
    if (!f.typeMatches) break;
    if (f.id !== undefined && c.id !== f.id) continue;
    if (f.addr !== undefined && c.addr !== f.addr) continue;
    if (f.laddr !== undefined && c.laddr !== f.laddr) continue;
    if (f.skipMe && c === ctx.client) continue;
    killClient(ctx, c);
    killed++;
  }
  ctx.reply.int(killed);
}

// CLIENT SETINFO <LIB-NAME libname | LIB-VER libver>
// Redis 7.2's command; 7.0.15 answers "unknown subcommand". Kept because current clients
// (node-redis 5, redis-py 5+) send it on connect and ignore only that error quietly.
function setinfo(ctx: CommandContext, argv: string[]): void {
  const attr = argv[2]!;
  const value = argv[3]!;
  const which = attr.toLowerCase();
  if (which !== 'lib-name' && which !== 'lib-ver') {
    ctx.reply.error(`ERR Unrecognized option '${cString(attr)}'`);
    return;
  }
  if (validateClientName(value) !== null) {
    ctx.reply.error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
    return;
  }
  if (which === 'lib-name') ctx.client.libName = value;
  else ctx.client.libVersion = value;
  ctx.reply.ok();
}

// CLIENT NO-EVICT <ON | OFF>
// Client eviction (maxmemory-clients) is not implemented, so the flag has nothing to protect.
function noEvict(ctx: CommandContext, argv: string[]): void {
  const v = argv[2]!.toUpperCase();
  if (v !== 'ON' && v !== 'OFF') {
    ctx.reply.error(Err.syntax);
    return;
  }
  ctx.reply.ok();
}

const HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

const BASIC: readonly CommandFlag[] = ['noscript', 'loading', 'stale'];
const ADMIN: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale'];
const CONN = ['slow', 'connection'];
const ADMIN_CONN = ['admin', 'slow', 'dangerous', 'connection'];
const sub = (name: string, arity: number, flags: readonly CommandFlag[], categories: string[], handler: CommandSpec['handler']): CommandSpec => ({
  name,
  arity,
  flags,
  firstKey: 0,
  lastKey: 0,
  step: 0,
  categories,
  handler,
});

export const clientCommands: CommandSpec[] = [
  container('client', [
    sub('id', 2, BASIC, CONN, id),
    sub('setname', 3, BASIC, CONN, setname),
    sub('getname', 2, BASIC, CONN, getname),
    sub('list', -2, ADMIN, ADMIN_CONN, list),
    sub('info', 2, BASIC, CONN, info),
    sub('kill', -3, ADMIN, ADMIN_CONN, kill),
    sub('setinfo', 4, BASIC, CONN, setinfo),
    sub('no-evict', 3, ADMIN, ADMIN_CONN, noEvict),
    sub('help', 2, ['loading', 'stale'], CONN, (ctx) => replyHelp(ctx, 'CLIENT', HELP)),
  ]),
];
