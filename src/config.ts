/**
 * The configuration model, with Redis's names, units and CONFIG SET error texts (config.c in
 * Redis 7.0). The same table serves command-line flags, the config file, CONFIG GET and
 * CONFIG SET, so a setting is declared once.
 */

export const EVICTION_POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];

export const LOG_LEVELS = ['debug', 'verbose', 'notice', 'warning'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SavePoint {
  seconds: number;
  changes: number;
}

/** One class of client-output-buffer-limit; 0 disables a limit. */
export interface OutputBufferLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}
export type OutputBufferClass = 'normal' | 'replica' | 'pubsub';
export type OutputBufferLimits = Record<OutputBufferClass, OutputBufferLimit>;

export class ConfigValues {
  port = 6390;
  bind = '127.0.0.1';
  databases = 16;
  maxmemory = 0;
  maxmemoryPolicy: EvictionPolicy = 'noeviction';
  maxmemorySamples = 5;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  requirepass = '';
  protectedMode = true;
  /** Persistence is off unless save points are given. */
  save: SavePoint[] = [];
  dir = '.';
  dbfilename = 'dump.json';
  stopWritesOnBgsaveError = true;
  protoMaxBulkLen = 512 * 1024 * 1024;
  clientQueryBufferLimit = 1024 * 1024 * 1024;
  maxclients = 10000;
  timeout = 0;
  tcpKeepalive = 300;
  clientOutputBufferLimit: OutputBufferLimits = {
    normal: { hard: 0, soft: 0, softSeconds: 0 },
    replica: { hard: 256 * 1024 * 1024, soft: 64 * 1024 * 1024, softSeconds: 60 },
    pubsub: { hard: 32 * 1024 * 1024, soft: 8 * 1024 * 1024, softSeconds: 60 },
  };
  loglevel: LogLevel = 'notice';
  hz = 10;
  appendonly = false;
}

type Field = keyof ConfigValues;

interface ParamSpec {
  name: string;
  field: Field;
  /** Parses a CONFIG SET / flag value; returns the error text on failure. */
  parse(raw: string): { ok: true; value: unknown } | { ok: false; error: string };
  format(value: unknown): string;
  immutable?: boolean;
  /** Combines a parsed value with the current one, for settings that change only what they name. */
  merge?(current: unknown, parsed: unknown): unknown;
}

const fail = (error: string) => ({ ok: false as const, error });
/** Redis's bound error; its upper bound LLONG_MAX cannot be checked exactly in a JS number, 2^53 stands in. */
const outOfRange = (min: number, max: number) =>
  fail(`argument must be between ${min} and ${max >= Number.MAX_SAFE_INTEGER ? '9223372036854775807' : max} inclusive`);
const ok = (value: unknown) => ({ ok: true as const, value });

function intParam(name: string, field: Field, min: number, max: number, immutable = false): ParamSpec {
  return {
    name,
    field,
    immutable,
    parse(raw) {
      if (!/^-?\d+$/.test(raw)) return fail("argument couldn't be parsed into an integer");
      const n = Number(raw);
      return n < min || n > max ? outOfRange(min, max) : ok(n);
    },
    format: (v) => String(v),
  };
}

function memoryParam(name: string, field: Field, min: number, max = Number.MAX_SAFE_INTEGER): ParamSpec {
  return {
    name,
    field,
    parse(raw) {
      const n = parseMemory(raw);
      if (n === null) return fail('argument must be a memory value');
      return n < min || n > max ? outOfRange(min, max) : ok(n);
    },
    format: (v) => String(v),
  };
}

function boolParam(name: string, field: Field): ParamSpec {
  return {
    name,
    field,
    parse(raw) {
      const v = raw.toLowerCase();
      if (v === 'yes') return ok(true);
      if (v === 'no') return ok(false);
      return fail("argument must be 'yes' or 'no'");
    },
    format: (v) => (v ? 'yes' : 'no'),
  };
}

function enumParam(name: string, field: Field, values: readonly string[]): ParamSpec {
  return {
    name,
    field,
    parse(raw) {
      const v = raw.toLowerCase();
      return values.includes(v) ? ok(v) : fail(`argument(s) must be one of the following: ${values.join(', ')}`);
    },
    format: (v) => String(v),
  };
}

function stringParam(name: string, field: Field, immutable = false): ParamSpec {
  return { name, field, immutable, parse: (raw) => ok(raw), format: (v) => String(v) };
}

const saveParam: ParamSpec = {
  name: 'save',
  field: 'save',
  parse(raw) {
    const parts = raw.trim() === '' ? [] : raw.trim().split(/\s+/);
    if (parts.length % 2 !== 0) return fail('Invalid save parameters');
    const points: SavePoint[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      if (!/^\d+$/.test(parts[i]!) || !/^\d+$/.test(parts[i + 1]!)) return fail('Invalid save parameters');
      points.push({ seconds: Number(parts[i]), changes: Number(parts[i + 1]) });
    }
    return ok(points);
  },
  format: (v) => (v as SavePoint[]).map((p) => `${p.seconds} ${p.changes}`).join(' '),
};

/** There is no append-only file here: 'no' is accepted (clients set it), 'yes' is refused. */
const appendonlyParam: ParamSpec = {
  ...boolParam('appendonly', 'appendonly'),
  parse: (raw) => (raw.toLowerCase() === 'no' ? ok(false) : raw.toLowerCase() === 'yes' ? fail('appendonly is not supported') : fail("argument must be 'yes' or 'no'")),
};

/**
 * `client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [<class> ...]`: sets only the
 * classes it names ('slave' is the old name of 'replica'); an empty value changes nothing.
 */
const outputBufferLimitParam: ParamSpec = {
  name: 'client-output-buffer-limit',
  field: 'clientOutputBufferLimit',
  parse(raw) {
    const parts = raw.trim() === '' ? [] : raw.trim().split(/\s+/);
    if (parts.length % 4 !== 0) return fail('Wrong number of arguments in buffer limit configuration.');
    const limits: Partial<OutputBufferLimits> = {};
    for (let i = 0; i < parts.length; i += 4) {
      const name = parts[i]!.toLowerCase();
      const cls = name === 'slave' ? 'replica' : name;
      if (cls !== 'normal' && cls !== 'replica' && cls !== 'pubsub') {
        return fail('Invalid client class specified in buffer limit configuration.');
      }
      const hard = parseMemory(parts[i + 1]!);
      const soft = parseMemory(parts[i + 2]!);
      const seconds = parts[i + 3]!;
      if (hard === null || soft === null || !/^\d+$/.test(seconds)) {
        return fail('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
      }
      limits[cls] = { hard, soft, softSeconds: Number(seconds) };
    }
    return ok(limits);
  },
  merge: (current, parsed) => ({ ...(current as OutputBufferLimits), ...(parsed as Partial<OutputBufferLimits>) }),
  format(v) {
    const l = v as OutputBufferLimits;
    const one = (name: string, c: OutputBufferLimit) => `${name} ${c.hard} ${c.soft} ${c.softSeconds}`;
    return `${one('normal', l.normal)} ${one('slave', l.replica)} ${one('pubsub', l.pubsub)}`;
  },
};

const INT_MAX = 2147483647;
const LONG_MAX = Number.MAX_SAFE_INTEGER;

export const PARAMS: readonly ParamSpec[] = [
  intParam('port', 'port', 0, 65535, true),
  stringParam('bind', 'bind', true),
  intParam('databases', 'databases', 1, INT_MAX, true),
  memoryParam('maxmemory', 'maxmemory', 0),
  enumParam('maxmemory-policy', 'maxmemoryPolicy', EVICTION_POLICIES),
  intParam('maxmemory-samples', 'maxmemorySamples', 1, 64),
  intParam('lfu-log-factor', 'lfuLogFactor', 0, INT_MAX),
  intParam('lfu-decay-time', 'lfuDecayTime', 0, INT_MAX),
  stringParam('requirepass', 'requirepass'),
  boolParam('protected-mode', 'protectedMode'),
  saveParam,
  stringParam('dir', 'dir'),
  stringParam('dbfilename', 'dbfilename'),
  boolParam('stop-writes-on-bgsave-error', 'stopWritesOnBgsaveError'),
  memoryParam('proto-max-bulk-len', 'protoMaxBulkLen', 1024 * 1024, LONG_MAX),
  memoryParam('client-query-buffer-limit', 'clientQueryBufferLimit', 1024 * 1024, LONG_MAX),
  intParam('maxclients', 'maxclients', 1, 4294967295),
  intParam('timeout', 'timeout', 0, INT_MAX),
  intParam('tcp-keepalive', 'tcpKeepalive', 0, INT_MAX),
  outputBufferLimitParam,
  enumParam('loglevel', 'loglevel', LOG_LEVELS),
  intParam('hz', 'hz', 0, INT_MAX),
  appendonlyParam,
];

const BY_NAME = new Map(PARAMS.map((p) => [p.name, p]));

export function findParam(name: string): ParamSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * Redis's memtoull(): digits with an optional unit, case-insensitive.
 * k=1000, kb=1024, m=1000^2, mb=1024^2, g=1000^3, gb=1024^3. Returns null when malformed.
 */
export function parseMemory(raw: string): number | null {
  const m = /^(\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(raw.trim());
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase();
  const mul: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * mul[unit]!;
}

export type ConfigListener = (name: string) => void;

export class Config {
  readonly values = new ConfigValues();
  /** The config file the server started with; CONFIG REWRITE writes it back. */
  file: string | null = null;
  private listeners: ConfigListener[] = [];

  constructor(overrides: Partial<ConfigValues> = {}) {
    Object.assign(this.values, overrides);
  }

  /** Called after every successful set, with the parameter name. */
  onChange(fn: ConfigListener): void {
    this.listeners.push(fn);
  }

  get(name: string): string | undefined {
    const p = findParam(name);
    return p ? p.format(this.values[p.field]) : undefined;
  }

  /** Sets from text, as CONFIG SET, a flag or a config-file line does. Returns an error text or null. */
  set(name: string, raw: string, { allowImmutable = false } = {}): string | null {
    const p = findParam(name);
    if (!p) return `unknown option '${name}'`;
    if (p.immutable && !allowImmutable) return "can't set immutable config";
    const parsed = p.parse(raw);
    if (!parsed.ok) return parsed.error;
    const values = this.values as unknown as Record<string, unknown>;
    values[p.field] = p.merge ? p.merge(values[p.field], parsed.value) : parsed.value;
    for (const fn of this.listeners) fn(p.name);
    return null;
  }

  /** Names matching a glob, in table order, for CONFIG GET. */
  names(): string[] {
    return PARAMS.map((p) => p.name);
  }
}
