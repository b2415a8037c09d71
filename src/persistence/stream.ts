import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Keyspace } from '../keyspace/keyspace.js';
import { readSnapshot, type LoadResult } from './reader.js';
import { KeyspaceSnapshot } from './snapshot.js';

/**
 * Writes a point-in-time snapshot of `keyspace` (format.ts) to a stream, chunk by chunk,
 * waiting for 'drain' when the stream is full; the keyspace may keep changing meanwhile.
 * Does not end the stream. Resolves with the number of keys written.
 */
export async function serializeKeyspace(keyspace: Keyspace, out: Writable, now: number = keyspace.clock.now()): Promise<number> {
  const chunks = new KeyspaceSnapshot(keyspace, now).chunks();
  try {
    let step = chunks.next();
    while (!step.done) {
      if (!out.write(step.value)) await once(out, 'drain');
      else await new Promise<void>((resolve) => setImmediate(resolve));
      step = chunks.next();
    }
    return step.value;
  } finally {
    chunks.return(0);
  }
}

/**
 * Reads a snapshot from a stream into `keyspace` (best empty), dropping keys whose deadline
 * has passed. Rejects with a SnapshotError naming the line and byte where the input broke;
 * the keyspace then holds a partial load and should be discarded.
 */
export function deserializeKeyspace(
  keyspace: Keyspace,
  input: AsyncIterable<Buffer | string>,
  now: number = keyspace.clock.now(),
): Promise<LoadResult> {
  return readSnapshot(keyspace, input, { now });
}
