import { cString } from '../errors.js';
import { replyHelp } from './help.js';
import type { CommandContext, CommandSpec } from './types.js';
import { container } from './registry.js';

/**
 * FUNCTION, answered as a server with no libraries loaded and no scripting engine: test
 * harnesses call FUNCTION FLUSH and FUNCTION LIST between tests, and get Redis's replies.
 */

// FUNCTION FLUSH [ASYNC | SYNC]
function flush(ctx: CommandContext, argv: string[]): void {
  if (argv.length > 3) {
    ctx.reply.error("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.");
    return;
  }
  const mode = argv[2]?.toUpperCase();
  if (mode !== undefined && mode !== 'ASYNC' && mode !== 'SYNC') {
    ctx.reply.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    return;
  }
  ctx.reply.ok();
}

// FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
function list(ctx: CommandContext, argv: string[]): void {
  let withCode = false;
  let libraryName = false;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!.toUpperCase();
    if (!withCode && arg === 'WITHCODE') withCode = true;
    else if (!libraryName && arg === 'LIBRARYNAME') {
      if (i >= argv.length - 1) return ctx.reply.error('ERR library name argument was not given');
      libraryName = true;
      i++;
    } else return ctx.reply.error(`ERR Unknown argument ${cString(argv[i]!)}`);
  }
  ctx.reply.array(0);
}

const HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

export const functionCommands: CommandSpec[] = [
  container('function', [
    { name: 'flush', arity: -2, flags: ['write', 'noscript'], firstKey: 0, lastKey: 0, step: 0, categories: ['write', 'slow', 'scripting'], handler: flush },
    { name: 'list', arity: -2, flags: ['noscript'], firstKey: 0, lastKey: 0, step: 0, categories: ['slow', 'scripting'], handler: list },
    { name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, categories: ['slow', 'scripting'], handler: (ctx) => replyHelp(ctx, 'FUNCTION', HELP) },
  ]),
];
