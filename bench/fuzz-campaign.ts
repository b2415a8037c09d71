/**
 * A long fuzz campaign against a spawned dwc-resp on loopback.
 *
 *   npx tsx bench/fuzz-campaign.ts --frames 1000000 [--concurrency 32] [--batch 64]
 *
 * Frames are random bytes (biased to protocol characters), valid commands of every fuzzable
 * command in the table with arguments from the fuzz vocabulary (wrong types included: the same
 * few keys serve every command), mutated valid frames, extreme counts and lengths, and inline
 * commands with quotes and escapes. A connection sends either a batch of valid frames (multibulk
 * and inline), or a few valid frames and one hostile frame (random, mutated, extreme, broken
 * inline, QUIT) last, so that every frame sent reaches the decoder; then an ECHO marker. It is
 * done when the marker comes back, when the server closes it (protocol error), or when nothing
 * arrives for a while (a frame left the decoder waiting for more input; the campaign then drops
 * the connection, as a vanished peer would).
 *
 * It checks: the server process never exits, every reply parses with redis-parser, and 1,000
 * sentinel keys written before the campaign are unchanged after it. It reports frames sent,
 * crashes, handler exceptions the server logged, and the server's peak RSS (VmHWM).
 */
import { CheckedConnection, encode } from '../test/helpers/checked-connection.js';
import { FUZZ_KEYS, FUZZ_NUMBERS, FUZZ_WORDS, fuzzTargets, keepsResp2, type FuzzableCommand } from '../test/helpers/fuzz-vocabulary.js';
import { build, flag, mb, spawnServer } from './support/spawned-server.js';

const totalFrames = Number(flag('frames', '1000000'));
const concurrency = Number(flag('concurrency', '32'));
const batchSize = Number(flag('batch', '64'));
const IDLE_MS = 60;
/** Share of connections that end with a hostile frame. */
const HOSTILE_SHARE = 0.85;
const SENTINELS = 1000;

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
const helloTarget = [['hello']];
let targets: string[][] = [];

/** The server's own command table, read with COMMAND: [name, arity, flags, ..., subcommands]. */
async function commandTable(port: number): Promise<FuzzableCommand[]> {
  type Entry = [string, number, string[], ...unknown[]];
  const toCommand = (e: Entry): FuzzableCommand => {
    const subs = (e[9] as Entry[] | undefined) ?? [];
    const name = e[0].slice(e[0].indexOf('|') + 1);
    return subs.length
      ? { name, flags: e[2], children: new Map(subs.map((s) => [s[0], toCommand(s)])) }
      : { name, flags: e[2], handler: true };
  };
  const c = await CheckedConnection.open(port);
  const entries = (await c.call('COMMAND')) as Entry[];
  c.close();
  return entries.map(toCommand);
}

function randomLatin1(max: number): string {
  let s = '';
  for (let i = rnd(max + 1); i > 0; i--) s += String.fromCharCode(rnd(256));
  return s;
}

function randomArg(): string {
  const r = Math.random();
  if (r < 0.3) return pick(FUZZ_WORDS);
  if (r < 0.55) return pick(FUZZ_NUMBERS);
  if (r < 0.85) return pick(FUZZ_KEYS);
  if (r < 0.98) return randomLatin1(24);
  return 'L'.repeat(rnd(70_000));
}

function validArgv(): string[] {
  for (;;) {
    const argv = [...pick(Math.random() < 0.02 ? helloTarget : targets)];
    for (let n = rnd(7); n > 0; n--) argv.push(randomArg());
    if (keepsResp2(argv)) return argv;
  }
}

const PROTOCOL_CHARS = '*$\r\n0123456789- "\'\\x\x00\xff';
function randomBytes(): Buffer {
  const out: number[] = [];
  for (let i = rnd(200); i > 0; i--) out.push(Math.random() < 0.6 ? PROTOCOL_CHARS.charCodeAt(rnd(PROTOCOL_CHARS.length)) : rnd(256));
  return Buffer.from(out);
}

function mutated(): Buffer {
  const bytes = [...encode(validArgv())];
  for (let m = 1 + rnd(3); m > 0; m--) {
    const i = rnd(bytes.length + 1);
    const kind = rnd(4);
    if (kind === 0) bytes[i] = rnd(256);
    else if (kind === 1) bytes.splice(i, 0, rnd(256));
    else if (kind === 2) bytes.splice(i, 1);
    else bytes.splice(i, 0, ...bytes.slice(i, i + 1 + rnd(16)));
  }
  return Buffer.from(bytes);
}

const EXTREMES = ['0', '-1', '-2147483648', '2147483647', '2147483648', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '536870912', '536870913', '99999999999999999999999', '1'.repeat(30), '1e9', '0x7f', ''];
function extreme(): Buffer {
  const r = rnd(4);
  if (r === 0) return Buffer.from(`*${pick(EXTREMES)}\r\n`);
  if (r === 1) return Buffer.from(`*1\r\n$${pick(EXTREMES)}\r\n`);
  if (r === 2) return Buffer.from(`*2\r\n$3\r\nGET\r\n$${pick(EXTREMES)}\r\nfz:a\r\n`);
  return Buffer.from(`*${pick(EXTREMES)}\r\n$4\r\nPING\r\n`);
}

/** An inline command; `broken` leaves a quote open. */
function inline(argv: string[], broken = false): Buffer {
  const parts = argv.map((a) => {
    // Single quotes understand only \' : an argument with a backslash goes in double quotes.
    const q = a.includes('\\') ? 1 : rnd(3);
    if (q === 0) return a.replace(/[\s"'\x00]/g, '_') || '_';
    if (q === 1) return `"${a.replace(/["\\]/g, (c) => '\\' + c).replace(/[\r\n\x00]/g, '\\n')}${broken ? '' : '"'}`;
    return `'${a.replace(/'/g, "\\'").replace(/[\r\n\x00]/g, ' ')}${broken ? '' : "'"}`;
  });
  return Buffer.from(parts.join(' ') + (Math.random() < 0.5 ? '\r\n' : '\n'), 'latin1');
}

/** Inline requests are limited to 64 KB, so long arguments go as multibulk. */
function validFrame(): Buffer {
  const argv = validArgv();
  return Math.random() < 0.8 || argv.some((a) => a.length > 1000) ? encode(argv) : inline(argv);
}

function hostileFrame(): Buffer {
  const r = Math.random();
  if (r < 0.4) return mutated();
  if (r < 0.75) return randomBytes();
  if (r < 0.9) return extreme();
  if (r < 0.98) return inline(validArgv(), true);
  return encode(['QUIT']);
}

// ---------------------------------------------------------------------------------------------

build();
const server = await spawnServer();
targets = fuzzTargets(await commandTable(server.port)).filter((t) => t[0] !== 'hello' && t[0] !== 'quit');
console.log(`fuzzing ${targets.length} commands and subcommands`);
const sentinelValue = (i: number) => `sentinel-${i}-${'s'.repeat(i % 64)}`;
{
  const c = await CheckedConnection.open(server.port);
  const replies = await c.pipeline(Array.from({ length: SENTINELS }, (_, i) => ['SET', `__sentinel__:{guard}:${i}`, sentinelValue(i)]));
  if (!replies.every((r) => r === 'OK')) throw new Error('could not write the sentinel keys');
  c.close();
}

const stats = { validBatchesClosed: 0, hostile: 0, frames: 0, bytes: 0, replies: 0, malformed: 0, connections: 0, closedByServer: 0, leftWaiting: 0, crashes: 0 };
const samples: string[] = [];
let markerSeq = 0;
const started = Date.now();
let peakRss = 0;

async function batch(): Promise<void> {
  const c = await CheckedConnection.open(server.port);
  stats.connections++;
  const marker = `marker:${markerSeq++}`;
  const hostile = Math.random() < HOSTILE_SHARE;
  const frames = hostile ? [...Array.from({ length: rnd(8) }, validFrame), hostileFrame()] : Array.from({ length: batchSize }, validFrame);
  if (hostile) stats.hostile++;
  const payload = Buffer.concat([...frames, encode(['ECHO', marker])]);
  let lastActivity = Date.now();
  let done = false;
  c.onUnclaimed = (reply) => {
    lastActivity = Date.now();
    if (reply === marker) done = true;
  };
  const received: Buffer[] = [];
  c.socket.on('data', (d: Buffer) => {
    lastActivity = Date.now();
    received.push(d);
  });
  c.write(payload);
  stats.frames += frames.length;
  stats.bytes += payload.length;
  while (!done && !c.closed && Date.now() - lastActivity < IDLE_MS) await new Promise((r) => setTimeout(r, 10));
  stats.replies += c.replies;
  if (c.malformed) {
    stats.malformed++;
    if (samples.length < 5) {
      const got = Buffer.concat(received).toString('latin1');
      samples.push(`${c.malformed.message}\n    sent ${JSON.stringify(payload.toString('latin1'))}\n    got ${JSON.stringify(got)}`);
    }
  } else if (!done && c.closed) {
    stats.closedByServer++;
    if (!hostile && stats.validBatchesClosed++ < 3) samples.push(`valid batch closed: ${JSON.stringify(payload.toString('latin1').slice(0, 300))}`);
  }
  else if (!done) stats.leftWaiting++;
  c.close();
}

async function worker(): Promise<void> {
  while (stats.frames < totalFrames && !server.exited()) {
    await batch().catch(() => {
      if (server.exited()) stats.crashes++;
    });
  }
}

const progress = setInterval(() => {
  peakRss = Math.max(peakRss, server.memory().peakRss);
  const s = (Date.now() - started) / 1000;
  console.log(`${s.toFixed(0)}s: ${stats.frames} frames, ${stats.replies} replies, ${stats.malformed} malformed, RSS ${mb(server.memory().rss)}`);
}, 10_000);
await Promise.all(Array.from({ length: concurrency }, worker));
clearInterval(progress);

const alive = !server.exited();
if (!alive) stats.crashes = Math.max(stats.crashes, 1);
let sentinelsIntact = 0;
if (alive) {
  peakRss = Math.max(peakRss, server.memory().peakRss);
  const c = await CheckedConnection.open(server.port);
  const values = await c.pipeline(Array.from({ length: SENTINELS }, (_, i) => ['GET', `__sentinel__:{guard}:${i}`]));
  sentinelsIntact = values.filter((v, i) => v === sentinelValue(i)).length;
  c.close();
}
await server.stop();
const handlerFailures = (server.log().match(/command handler failed/g) ?? []).length;
const seconds = (Date.now() - started) / 1000;

console.log(`
frames sent           ${stats.frames} (${mb(stats.bytes)}, ${stats.hostile} hostile) in ${seconds.toFixed(0)} s over ${stats.connections} connections
replies               ${stats.replies}, malformed ${stats.malformed}
connections closed    ${stats.closedByServer} by the server (protocol errors; ${stats.validBatchesClosed} of them valid-only), ${stats.leftWaiting} left waiting for more input
server crashes        ${stats.crashes}
handler exceptions    ${handlerFailures} (logged as 'command handler failed')
sentinel keys intact  ${sentinelsIntact} / ${SENTINELS}
server peak RSS       ${mb(peakRss)}`);
if (samples.length) console.log(`samples:\n  ${samples.join('\n  ')}`);
if (server.stderr().trim()) console.log(`server stderr (first 2000 chars):\n${server.stderr().slice(0, 2000)}`);
const ok = stats.crashes === 0 && stats.malformed === 0 && sentinelsIntact === SENTINELS && alive;
console.log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
