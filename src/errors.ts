/**
 * Every error text a client can see, byte-identical to Redis 7.0.15.
 * Each string is the reply without its leading '-' and trailing CRLF.
 */
export const Err = {
  syntax: 'ERR syntax error',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  overflow: 'ERR increment or decrement would overflow',
  nanOrInfinity: 'ERR increment would produce NaN or Infinity',
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  noSuchKey: 'ERR no such key',
  dbIndexOutOfRange: 'ERR DB index is out of range',
  indexOutOfRange: 'ERR index out of range',
  sameObject: 'ERR source and destination objects are the same',
  busyKey: 'BUSYKEY Target key name already exists.',
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  offsetOutOfRange: 'ERR offset is out of range',
  invalidCursor: 'ERR invalid cursor',
  noAuth: 'NOAUTH Authentication required.',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  authNotConfigured:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  noProto: 'NOPROTO unsupported protocol version',
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  loading: 'LOADING Redis is loading the dataset in memory',
  misconf:
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  bgsaveInProgress: 'ERR Background save already in progress',
  maxClients: 'ERR max number of clients reached',
  protectedMode:
    "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.",
  nxAndXxGtLt: 'ERR NX and XX, GT or LT options at the same time are not compatible',
  gtAndLt: 'ERR GT and LT options at the same time are not compatible',
  intOutOfRange: 'ERR value is out of range, value must between -2147483648 and 2147483647',
  invalidFirstDbIndex: 'ERR invalid first DB index',
  invalidSecondDbIndex: 'ERR invalid second DB index',
  timeoutNotInteger: 'ERR timeout is not an integer or out of range',
} as const;

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

export function invalidExpireTime(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/** `%s` of a C string in Redis: the text up to its first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** `%.128s` in Redis: at most 128 bytes, stopping at a NUL. */
export function clip128(s: string): string {
  return cString(s).slice(0, 128);
}

export function unknownCommand(argv: readonly string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${cString(argv[i]!).slice(0, 128 - args.length)}' `;
  }
  return `ERR unknown command '${clip128(argv[0]!)}', with args beginning with: ${args}`;
}

export function unknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${clip128(sub)}'. Try ${container.toUpperCase()} HELP.`;
}
