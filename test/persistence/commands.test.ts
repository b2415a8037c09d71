import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Err } from '../../src/errors.js';
import type { RunningServer } from '../../src/index.js';
import { RawConnection } from '../helpers/resp.js';
import { startOurs } from '../helpers/servers.js';

const T0 = Date.UTC(2026, 0, 1);

let dir: string;
let running: RunningServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dwc-persist-'));
});
afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  running = [];
  rmSync(dir, { recursive: true, force: true });
});

async function start(config: Record<string, string> = {}, clock?: ManualClock): Promise<{ srv: RunningServer; c: RawConnection }> {
  const srv = await startOurs({ config: { dir, ...config }, clock });
  running.push(srv);
  return { srv, c: await RawConnection.open(srv.port) };
}

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}:([^\\r]*)\\r\\n`).exec(info)?.[1];
}

const misconf = `-${Err.misconf}\r\n`;

describe('SAVE, BGSAVE and LASTSAVE', () => {
  it('SAVE - writes dump.json with mode 0600 and resets the change counter', async () => {
    const clock = new ManualClock(T0);
    const { c } = await start({}, clock);
    await c.call('SET', 'k', 'v');
    expect(infoField(await c.call('INFO', 'persistence'), 'rdb_changes_since_last_save')).toBe('1');
    clock.advance(5000);
    expect(await c.call('SAVE')).toBe('+OK\r\n');
    expect(statSync(join(dir, 'dump.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).toContain('"k":"k","v":"v"');
    expect(await c.call('LASTSAVE')).toBe(`:${(T0 + 5000) / 1000}\r\n`);
    const info = await c.call('INFO', 'persistence');
    expect(infoField(info, 'rdb_changes_since_last_save')).toBe('0');
    expect(infoField(info, 'rdb_last_save_time')).toBe(String((T0 + 5000) / 1000));
    expect(infoField(info, 'rdb_last_bgsave_status')).toBe('ok');
  });

  it('BGSAVE - replies at once, refuses a second one and SAVE while it runs', async () => {
    const { srv, c } = await start();
    await c.call('SET', 'k', 'v');
    // Three commands in one packet run in one turn of the event loop: the save is still under way.
    c.write('BGSAVE\r\nBGSAVE SCHEDULE\r\nSAVE\r\nINFO persistence\r\n');
    const [started, again, save, info] = await c.read(4);
    expect(started).toBe('+Background saving started\r\n');
    expect(again).toBe(`-${Err.bgsaveInProgress}\r\n`);
    expect(save).toBe(`-${Err.bgsaveInProgress}\r\n`);
    expect(infoField(info!, 'rdb_bgsave_in_progress')).toBe('1');
    expect(await srv.server.snapshots.waitForBgsave()).toBe(true);
    const after = await c.call('INFO', 'persistence');
    expect(infoField(after, 'rdb_bgsave_in_progress')).toBe('0');
    expect(infoField(after, 'rdb_last_bgsave_time_sec')).toBe('0');
    expect(infoField(after, 'rdb_changes_since_last_save')).toBe('0');
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).toContain('"k":"k"');
    expect(await c.call('BGSAVE', 'SCHEDULE')).toBe('+Background saving started\r\n');
    await srv.server.snapshots.waitForBgsave();
  });

  it('BGSAVE - the server keeps answering while the snapshot is written', async () => {
    const { srv, c } = await start();
    const db = srv.server.keyspace.dbs[0]!;
    for (let i = 0; i < 100_000; i++) db.put(`key:${i}`, `value:${i}`, null, T0);
    const saved = srv.server.snapshots.bgsave().then(() => 'saved');
    const first = await Promise.race([saved, c.call('SET', 'key:1', 'changed').then(() => 'answered')]);
    expect(first).toBe('answered');
    expect(await saved).toBe('saved');
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).toContain('"k":"key:1","v":"value:1"');
  });

  it('BGSAVE - writes during the save count towards the next one', async () => {
    const { srv, c } = await start();
    c.write('SET a 1\r\nBGSAVE\r\nSET b 2\r\nSET c 3\r\n');
    await c.read(4);
    await srv.server.snapshots.waitForBgsave();
    expect(infoField(await c.call('INFO', 'persistence'), 'rdb_changes_since_last_save')).toBe('2');
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).not.toContain('"k":"b"');
  });
});

describe('failed saves and MISCONF', () => {
  it('SAVE - a failed save replies -ERR and leaves the status as it was', async () => {
    const { c } = await start({ dir: join(dir, 'missing', 'deeper') });
    expect(await c.call('SAVE')).toBe('-ERR\r\n');
    expect(infoField(await c.call('INFO', 'persistence'), 'rdb_last_bgsave_status')).toBe('ok');
  });

  it('MISCONF - a failed BGSAVE refuses writes and PING until a save succeeds', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const { srv, c } = await start({ dir: file });
    srv.server.config.set('save', '3600 1');
    await c.call('SET', 'k', 'v');
    expect(await c.call('BGSAVE')).toBe('+Background saving started\r\n');
    expect(await srv.server.snapshots.waitForBgsave()).toBe(false);
    expect(infoField(await c.call('INFO', 'persistence'), 'rdb_last_bgsave_status')).toBe('err');
    expect(await c.call('SET', 'k', 'w')).toBe(misconf);
    expect(await c.call('DEL', 'k')).toBe(misconf);
    expect(await c.call('PING')).toBe(misconf);
    expect(await c.call('GET', 'k')).toBe('$1\r\nv\r\n');
    expect(await c.call('ECHO', 'hi')).toBe('$2\r\nhi\r\n');

    srv.server.config.set('dir', dir);
    expect(await c.call('SAVE')).toBe('+OK\r\n');
    expect(await c.call('SET', 'k', 'w')).toBe('+OK\r\n');
    expect(await c.call('PING')).toBe('+PONG\r\n');
  });

  it('MISCONF - not raised without save points or with stop-writes-on-bgsave-error no', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const { srv, c } = await start({ dir: file, 'stop-writes-on-bgsave-error': 'no' });
    srv.server.config.set('save', '3600 1');
    await c.call('BGSAVE');
    await srv.server.snapshots.waitForBgsave();
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
    srv.server.config.set('stop-writes-on-bgsave-error', 'yes');
    expect(await c.call('SET', 'k', 'v')).toBe(misconf);
    srv.server.config.set('save', '');
    expect(await c.call('SET', 'k', 'v')).toBe('+OK\r\n');
  });
});

describe('save points', () => {
  it('save points - BGSAVE fires once both the seconds and the changes are reached', async () => {
    const clock = new ManualClock(T0);
    const { srv, c } = await start({ save: '100 3 10 1000' }, clock);
    const snapshots = srv.server.snapshots;
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '2');
    clock.advance(101_000);
    snapshots.cron(clock.now());
    expect(snapshots.bgsaveInProgress).toBe(false);
    await c.call('SET', 'c', '3');
    clock.advance(-1000); // exactly 100 s: Redis waits for more than the point's seconds
    snapshots.cron(clock.now());
    expect(snapshots.bgsaveInProgress).toBe(false);
    clock.advance(1000);
    snapshots.cron(clock.now());
    expect(snapshots.bgsaveInProgress).toBe(true);
    expect(await snapshots.waitForBgsave()).toBe(true);
    expect(await c.call('LASTSAVE')).toBe(`:${(T0 + 101_000) / 1000}\r\n`);
    snapshots.cron(clock.now());
    expect(snapshots.bgsaveInProgress).toBe(false);
  });

  it('save points - after a failed save the next try waits 5 seconds', async () => {
    const clock = new ManualClock(T0);
    const { srv, c } = await start({ save: '1 1', dir: join(dir, 'missing', 'x') }, clock);
    const snapshots = srv.server.snapshots;
    await c.call('SET', 'a', '1');
    clock.advance(2000);
    snapshots.cron(clock.now());
    expect(await snapshots.waitForBgsave()).toBe(false);
    clock.advance(5000);
    snapshots.cron(clock.now());
    expect(snapshots.bgsaveInProgress).toBe(false);
    clock.advance(1000);
    srv.server.config.set('dir', dir);
    snapshots.cron(clock.now());
    expect(await snapshots.waitForBgsave()).toBe(true);
  });
});

describe('SHUTDOWN saving', () => {
  it('shutdown - saves with save points, not with NOSAVE, and SAVE forces it', async () => {
    const { srv, c } = await start({ save: '3600 1' });
    await c.call('SET', 'k', 'v');
    expect(srv.server.shutdown('nosave')).toBeNull();
    expect(() => statSync(join(dir, 'dump.json'))).toThrow();

    const second = await start({ save: '' });
    await second.c.call('SET', 'k', 'v');
    expect(second.srv.server.shutdown('default')).toBeNull();
    expect(() => statSync(join(dir, 'dump.json'))).toThrow();

    const third = await start({ save: '' });
    await third.c.call('SET', 'k', 'v');
    expect(third.srv.server.shutdown('save')).toBeNull();
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).toContain('"k":"k"');
  });

  it('shutdown - a background save under way is aborted, its temp file removed, and a foreground save done', async () => {
    const { srv, c } = await start({ save: '3600 1' });
    await c.call('SET', 'k', 'v');
    const background = srv.server.snapshots.bgsave();
    expect(srv.server.shutdown('default')).toBeNull();
    expect(await background).toBe(false);
    expect(readdirSync(dir)).toEqual(['dump.json']);
    expect(readFileSync(join(dir, 'dump.json'), 'utf8')).toContain('"k":"k"');
    expect(srv.server.persistence.lastBgsaveOk).toBe(true);
  });

  it('shutdown - refused with Redis error text when the save fails', async () => {
    const { srv, c } = await start({ save: '3600 1', dir: join(dir, 'missing', 'x') });
    expect(srv.server.shutdown('default')).toBe('ERR Errors trying to SHUTDOWN. Check logs.');
    expect(await c.call('PING')).toBe('+PONG\r\n');
    expect(srv.server.shutdown('nosave')).toBeNull();
  });
});

describe('loading', () => {
  it('loading - clients get -LOADING and INFO shows progress until the snapshot is in', async () => {
    const { srv, c } = await start();
    const input = new PassThrough();
    const header = '{"format":"dwc-resp-snapshot","version":1,"createdAt":0,"access":"lru"}\n{"db":0}\n';
    const entry = '{"t":"string","k":"k","v":"v"}\n';
    const done = srv.server.snapshots.loadFrom(input, (header + entry).length * 2, 'test input');
    input.write(header);
    await new Promise((r) => setImmediate(r));
    expect(await c.call('GET', 'k')).toBe(`-${Err.loading}\r\n`);
    const info = await c.call('INFO', 'persistence');
    expect(infoField(info, 'loading')).toBe('1');
    expect(infoField(info, 'loading_loaded_bytes')).toBe(String(header.length));
    expect(infoField(info, 'loading_loaded_perc')).toBe(((100 * header.length) / ((header.length + entry.length) * 2)).toFixed(2));
    expect(await c.call('LASTSAVE')).toMatch(/^:\d+\r\n$/);
    const { crc32 } = await import('node:zlib');
    input.end(entry + `{"end":true,"entries":1,"crc32":${crc32(Buffer.from(header + entry))}}\n`);
    expect((await done).keys).toBe(1);
    expect(await c.call('GET', 'k')).toBe('$1\r\nv\r\n');
    expect(infoField(await c.call('INFO', 'persistence'), 'loading')).toBe('0');
  });

  it('startServer - loads the snapshot when save points are set, refuses a corrupt one', async () => {
    const first = await start({ save: '3600 1' });
    await first.c.call('SET', 'kept', 'yes');
    await first.c.call('SAVE');
    const second = await start({ save: '3600 1' });
    expect(await second.c.call('GET', 'kept')).toBe('$3\r\nyes\r\n');
    expect(infoField(await second.c.call('INFO', 'persistence'), 'rdb_changes_since_last_save')).toBe('0');

    const path = join(dir, 'dump.json');
    const good = readFileSync(path);
    writeFileSync(path, good.subarray(0, good.length - 5));
    await expect(startOurs({ config: { dir, save: '3600 1' } })).rejects.toThrow(
      `cannot load snapshot ${path}: line 4 (byte ${good.lastIndexOf('{"end"')}): truncated: the last line has no newline`,
    );
    expect(readFileSync(path)).toEqual(good.subarray(0, good.length - 5));
  });
});
