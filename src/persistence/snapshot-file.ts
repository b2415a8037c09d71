import { closeSync, createReadStream, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Keyspace } from '../keyspace/keyspace.js';
import { readSnapshot, type LoadOptions, type LoadResult } from './reader.js';
import type { KeyspaceSnapshot } from './snapshot.js';

/**
 * Snapshot files on disk, crash-safe: the snapshot goes to a temporary file (mode 0600) in the
 * target's directory, is fsynced, renamed over the target, and the directory is fsynced so the
 * rename itself survives a power loss. At every instant the target name points at a whole old
 * snapshot or a whole new one; a kill -9 mid-write leaves only a stray temp file.
 */

let tempCounter = 0;

function tempPathFor(target: string): string {
  return join(dirname(target), `temp-${process.pid}-${++tempCounter}.json`);
}

function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function unlinkQuietlySync(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or never created.
  }
}

/** Writes the whole snapshot now, blocking (SAVE, SHUTDOWN). Returns the number of entries. */
export function writeSnapshotFileSync(snapshot: KeyspaceSnapshot, target: string): number {
  const temp = tempPathFor(target);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'w', 0o600);
    const chunks = snapshot.chunks();
    let step = chunks.next();
    while (!step.done) {
      const buf = step.value;
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      step = chunks.next();
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
    fsyncDirSync(dirname(target));
    return step.value;
  } catch (err) {
    snapshot.release();
    if (fd !== null) closeSync(fd);
    unlinkQuietlySync(temp);
    throw err;
  }
}

/** Lets the owner of a background write stop it and see its temporary file. */
export interface WriteControl {
  aborted: boolean;
  /** Set once the temporary file is chosen. */
  tempPath?: string;
}

/**
 * Writes the snapshot chunk by chunk without blocking the event loop (BGSAVE): every chunk is
 * an asynchronous write, so clients are served between chunks. `control.aborted` is checked
 * between chunks and before the rename; once it is set the temp file is removed and the
 * promise rejects.
 */
export async function writeSnapshotFile(snapshot: KeyspaceSnapshot, target: string, control: WriteControl = { aborted: false }): Promise<number> {
  const temp = (control.tempPath = tempPathFor(target));
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  try {
    handle = await open(temp, 'w', 0o600);
    const chunks = snapshot.chunks();
    let step = chunks.next();
    while (!step.done) {
      if (control.aborted) throw new Error('background save aborted');
      const buf = step.value;
      for (let off = 0; off < buf.length; ) off += (await handle.write(buf, off, buf.length - off)).bytesWritten;
      step = chunks.next();
    }
    await handle.sync();
    await handle.close();
    handle = null;
    if (control.aborted) throw new Error('background save aborted');
    await rename(temp, target);
    const dir = await open(dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return step.value;
  } catch (err) {
    snapshot.release();
    if (handle !== null) await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw err;
  }
}

/** A snapshot file that could not be loaded; the message names the file and where it broke. */
export class SnapshotFileError extends Error {
  override name = 'SnapshotFileError';
}

/**
 * Loads a snapshot file into `keyspace`, reading 1 MB at a time. Returns null when the file
 * does not exist. The file is only read, never modified, whatever happens.
 */
export async function loadSnapshotFile(
  keyspace: Keyspace,
  path: string,
  options: LoadOptions & { onStart?: (totalBytes: number) => void },
): Promise<LoadResult | null> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotFileError(`cannot read snapshot ${path}: ${(err as Error).message}`);
  }
  options.onStart?.(size);
  try {
    return await readSnapshot(keyspace, createReadStream(path, { highWaterMark: 1 << 20 }), options);
  } catch (err) {
    throw new SnapshotFileError(`cannot load snapshot ${path}: ${(err as Error).message}`);
  }
}
