import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Err } from '../errors.js';
import type { PersistenceStatus } from '../info/info.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { readSnapshot, type LoadResult } from './reader.js';
import { KeyspaceSnapshot } from './snapshot.js';
import { loadSnapshotFile, SnapshotFileError, unlinkQuietlySync, writeSnapshotFile, writeSnapshotFileSync, type WriteControl } from './snapshot-file.js';

/** What the snapshot service needs from the server it belongs to. */
export interface SnapshotHost {
  readonly keyspace: Keyspace;
  readonly config: Config;
  readonly clock: Clock;
  readonly persistence: PersistenceStatus;
  loading: boolean;
}

/** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed save, save points wait this long. */
const BGSAVE_RETRY_DELAY_S = 5;
/** Loading logs its progress at most this often. */
const PROGRESS_LOG_MS = 1000;

/**
 * SAVE, BGSAVE, save points, the MISCONF gate, saving at shutdown and loading at start, with
 * Redis's bookkeeping (rdbSave, rdbSaveBackground, backgroundSaveDoneHandler, serverCron):
 * a successful save resets the change counter (a background one by the changes it saw) and
 * sets the last-save time and an ok status; a failed background save sets the status to err,
 * which refuses writes while save points are set and stop-writes-on-bgsave-error is yes.
 * A failed SAVE only replies with an error, as in Redis.
 */
export class SnapshotService {
  private running: Promise<boolean> | null = null;
  private control: WriteControl = { aborted: false };
  /** Epoch seconds of the last background save attempt (for the retry delay). */
  private lastBgsaveTry = 0;

  constructor(
    private readonly host: SnapshotHost,
    public log?: Logger,
  ) {}

  /** `dir`/`dbfilename`, where SAVE writes and start-up loads. */
  filePath(): string {
    const v = this.host.config.values;
    return join(v.dir, v.dbfilename);
  }

  get bgsaveInProgress(): boolean {
    return this.running !== null;
  }

  /** The outcome of the background save under way (true: saved), or null when none runs. */
  waitForBgsave(): Promise<boolean> | null {
    return this.running;
  }

  private nowSec(): number {
    return Math.floor(this.host.clock.now() / 1000);
  }

  /** Saves now, blocking; true on success. */
  save(): boolean {
    const { keyspace, persistence } = this.host;
    const path = this.filePath();
    try {
      const snapshot = new KeyspaceSnapshot(keyspace, this.host.clock.now());
      const entries = writeSnapshotFileSync(snapshot, path);
      keyspace.dirty = 0;
      persistence.lastSave = this.nowSec();
      persistence.lastBgsaveOk = true;
      this.log?.info({ path, entries }, 'DB saved on disk');
      return true;
    } catch (err) {
      this.log?.error({ err, path }, `failed saving the DB to ${path}: ${(err as Error).message}`);
      return false;
    }
  }

  /**
   * Starts a background save (the caller checked none is running). Resolves with its outcome
   * once the file is renamed into place, or false when it failed or was aborted.
   */
  bgsave(): Promise<boolean> {
    const { keyspace, persistence, clock } = this.host;
    const path = this.filePath();
    const start = clock.now();
    const dirtyAtStart = keyspace.dirty;
    const snapshot = new KeyspaceSnapshot(keyspace, start);
    const control: WriteControl = (this.control = { aborted: false });
    this.lastBgsaveTry = Math.floor(start / 1000);
    persistence.bgsaveInProgress = true;
    persistence.currentBgsaveStart = start;
    this.log?.info({ path }, 'Background saving started');
    const run = writeSnapshotFile(snapshot, path, control).then(
      (entries) => {
        keyspace.dirty -= dirtyAtStart;
        persistence.lastSave = this.nowSec();
        persistence.lastBgsaveOk = true;
        this.log?.info({ path, entries }, 'Background saving terminated with success');
        return true;
      },
      (err: Error) => {
        if (control.aborted) {
          this.log?.warn({ path }, 'Background saving aborted');
        } else {
          persistence.lastBgsaveOk = false;
          this.log?.error({ err, path }, `Background saving error: ${err.message}`);
        }
        return false;
      },
    );
    this.running = run.then((ok) => {
      persistence.bgsaveInProgress = false;
      persistence.currentBgsaveStart = 0;
      persistence.lastBgsaveTimeSec = Math.round((clock.now() - start) / 1000);
      this.running = null;
      return ok;
    });
    return this.running;
  }

  /**
   * Stops a background save under way; its temp file is removed now (the process may be about
   * to exit), and the old snapshot stays.
   */
  abortBgsave(): void {
    if (this.running === null) return;
    this.control.aborted = true;
    if (this.control.tempPath !== undefined) unlinkQuietlySync(this.control.tempPath);
  }

  /** The save-point check of Redis's serverCron: BGSAVE once a point's seconds and changes are reached. */
  cron(now: number): void {
    const { config, keyspace, persistence } = this.host;
    if (this.running !== null || this.host.loading) return;
    const nowSec = Math.floor(now / 1000);
    const retryOk = persistence.lastBgsaveOk || nowSec - this.lastBgsaveTry > BGSAVE_RETRY_DELAY_S;
    if (!retryOk) return;
    for (const point of config.values.save) {
      if (keyspace.dirty >= point.changes && nowSec - persistence.lastSave > point.seconds) {
        this.log?.info(`${point.changes} changes in ${point.seconds} seconds. Saving...`);
        void this.bgsave();
        return;
      }
    }
  }

  /** Redis's writeCommandsDeniedByDiskError(): MISCONF while the last background save failed. */
  writeRefusal(): string | null {
    const v = this.host.config.values;
    return v.stopWritesOnBgsaveError && v.save.length > 0 && !this.host.persistence.lastBgsaveOk ? Err.misconf : null;
  }

  /**
   * The saving half of SHUTDOWN (prepareForShutdown): with save points set or SAVE given, and
   * neither NOSAVE nor a load under way, abort any background save and save in the foreground.
   * Returns Redis's error text when that save fails (the server must keep running), else null.
   */
  saveBeforeShutdown(mode: 'save' | 'nosave' | 'default'): string | null {
    if (mode === 'nosave' || this.host.loading) return null;
    if (mode === 'default' && this.host.config.values.save.length === 0) return null;
    this.abortBgsave();
    this.log?.info('Saving the final snapshot before exiting.');
    return this.save() ? null : 'ERR Errors trying to SHUTDOWN. Check logs.';
  }

  /**
   * Loads `dir`/`dbfilename` if it exists, with INFO's loading fields and -LOADING for clients
   * meanwhile (the event loop runs between chunks). Throws a SnapshotFileError naming the file
   * and the line and byte where it broke; the file is never modified.
   */
  async load(): Promise<LoadResult | null> {
    const path = this.filePath();
    return this.whileLoading(path, (options) => loadSnapshotFile(this.host.keyspace, path, options));
  }

  /** Loads a snapshot from any byte stream (the library API uses it); `totalBytes` feeds INFO. */
  async loadFrom(input: AsyncIterable<Buffer | string>, totalBytes: number, name = 'stream'): Promise<LoadResult> {
    return this.whileLoading(name, async (options) => {
      options.onStart(totalBytes);
      try {
        return await readSnapshot(this.host.keyspace, input, options);
      } catch (err) {
        throw new SnapshotFileError(`cannot load snapshot ${name}: ${(err as Error).message}`);
      }
    });
  }

  private async whileLoading<T extends LoadResult | null>(
    name: string,
    body: (options: { now: number; onStart: (total: number) => void; onProgress: (bytes: number, keys: number) => void }) => Promise<T>,
  ): Promise<T> {
    const { host } = this;
    const p = host.persistence;
    const started = Date.now();
    let lastLog = started;
    host.loading = true;
    p.loadingStart = host.clock.now();
    p.loadingLoadedBytes = 0;
    try {
      const result = await body({
        now: host.clock.now(),
        onStart: (total) => {
          p.loadingTotalBytes = total;
          this.log?.info({ path: name, bytes: total }, `Loading snapshot ${name}`);
        },
        onProgress: (bytes, keys) => {
          p.loadingLoadedBytes = bytes;
          const t = Date.now();
          if (t - lastLog < PROGRESS_LOG_MS) return;
          lastLog = t;
          const perc = p.loadingTotalBytes ? ((100 * bytes) / p.loadingTotalBytes).toFixed(1) : '?';
          this.log?.info({ path: name, bytes, keys }, `Loading snapshot: ${perc}% (${keys} keys)`);
        },
      });
      if (result !== null) {
        host.keyspace.dirty = 0;
        const secs = ((Date.now() - started) / 1000).toFixed(3);
        this.log?.info({ path: name, keys: result.keys, expired: result.expired }, `DB loaded from disk: ${result.keys} keys in ${secs} seconds`);
      }
      return result;
    } finally {
      host.loading = false;
      p.loadingTotalBytes = p.loadingLoadedBytes = 0;
    }
  }
}
