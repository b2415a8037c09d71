import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCommand, RawConnection } from '../helpers/resp.js';
import { freePort } from '../helpers/servers.js';

/** The built CLI (npm test builds it first), run as users run it. */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface Proc {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

let dir: string;
const procs: Proc[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dwc-persist-proc-'));
});
afterEach(() => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function spawnServer(...args: string[]): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, '--port', String(port), '--dir', dir, '--loglevel', 'warning', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const p = { child, port, stderr: () => err, exited };
  procs.push(p);
  return p;
}

/** Connects once the server answers PING with PONG (not -LOADING). */
async function ready(p: Proc): Promise<RawConnection> {
  for (let i = 0; i < 400; i++) {
    if (p.child.exitCode !== null) throw new Error(`server exited: ${p.stderr()}`);
    try {
      const c = await RawConnection.open(p.port);
      if ((await c.call('PING')) === '+PONG\r\n') return c;
      c.close();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('server did not become ready');
}

/** SETs key0..key{n-1}, pipelined in batches. */
async function fill(c: RawConnection, n: number, value: (i: number) => string): Promise<void> {
  for (let start = 0; start < n; start += 5000) {
    const end = Math.min(n, start + 5000);
    const parts: Buffer[] = [];
    for (let i = start; i < end; i++) parts.push(encodeCommand(['SET', `key${i}`, value(i)]));
    c.write(Buffer.concat(parts));
    await c.read(end - start, 20_000);
  }
}

describe('persistence across processes', () => {
  it('kill -9 during BGSAVE leaves the last good snapshot whole and loadable', async () => {
    const keys = 60_000;
    const first = await spawnServer('--save', '');
    const c = await ready(first);
    await fill(c, keys, (i) => `old-${i}-${'x'.repeat(100)}`);
    expect(await c.call('SAVE')).toBe('+OK\r\n');
    const good = readFileSync(join(dir, 'dump.json'));

    await c.call('SET', 'key0', 'new');
    c.write('BGSAVE\r\nINFO persistence\r\n');
    const [started, info] = await c.read(2);
    first.child.kill('SIGKILL');
    expect(started).toBe('+Background saving started\r\n');
    expect(info).toContain('rdb_bgsave_in_progress:1\r\n');
    await first.exited;
    expect(readFileSync(join(dir, 'dump.json')).equals(good)).toBe(true);

    const second = await spawnServer('--save', '');
    const c2 = await ready(second);
    expect(await c2.call('DBSIZE')).toBe(`:${keys}\r\n`);
    expect(await c2.call('GET', 'key0')).toBe(`$${`old-0-${'x'.repeat(100)}`.length}\r\nold-0-${'x'.repeat(100)}\r\n`);
    c.close();
    c2.close();
  }, 60_000);

  it('SIGTERM saves before exiting when save points are set', async () => {
    const p = await spawnServer('--save', '3600 1');
    const c = await ready(p);
    await c.call('SET', 'greeting', 'hello');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).toContain('"k":"greeting","v":"hello"');

    const again = await spawnServer('--save', '3600 1');
    const c2 = await ready(again);
    expect(await c2.call('GET', 'greeting')).toBe('$5\r\nhello\r\n');
    c2.close();
  });

  it('SIGTERM without save points exits without saving', async () => {
    const p = await spawnServer('--save', '');
    const c = await ready(p);
    await c.call('SET', 'k', 'v');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(() => readFileSync(join(dir, 'dump.json'))).toThrow();
  });

  it('a corrupt or truncated snapshot stops the start, names the file and the place, and is left untouched', async () => {
    const path = join(dir, 'dump.json');
    const header = '{"format":"dwc-resp-snapshot","version":1,"createdAt":0,"access":"lru"}\n{"db":0}\n';
    const cases: Array<[string, RegExp]> = [
      [header + '{"t":"string","k":"a","v":"1"}\n{"t":"string","k":"b",\n', /line 4 \(byte \d+\): invalid JSON/],
      [header + '{"t":"string","k":"a","v":"1"}\n', /line 4 \(byte \d+\): truncated: no end-of-snapshot line/],
      ['{"format":"dwc-resp-snapshot","version":7,"createdAt":0,"access":"lru"}\n', /line 1 \(byte 0\): unknown snapshot version 7/],
    ];
    for (const [content, where] of cases) {
      writeFileSync(path, content);
      const p = await spawnServer('--save', '3600 1');
      expect(await p.exited).toBe(1);
      expect(p.stderr()).toContain(`cannot load snapshot ${path}: `);
      expect(p.stderr()).toMatch(where);
      expect(p.stderr()).toContain('not starting, the file is left untouched');
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  }, 30_000);
});
