import { performance } from 'node:perf_hooks';
import type { Keyspace } from './keyspace.js';
import type { VolatileIndex } from './volatile-index.js';

/**
 * Active expiry, after Redis's activeExpireCycle (expire.c). Lazy expiry alone (a read deletes
 * the stale key it finds) would leave keys nobody reads in memory forever, so a periodic cycle
 * reclaims them without ever scanning the whole keyspace:
 *
 * - per database, look at KEYS_PER_LOOP volatile keys and delete those past their deadline;
 * - repeat while more than ACCEPTABLE_STALE_PERCENT of the keys looked at were stale (then the
 *   database is probably full of them), otherwise move on to the next database;
 * - stop when the time budget is spent (Redis: 25% of a cron period), and resume next time at
 *   the database and the position where this cycle stopped.
 *
 * The approximation: Redis walks its expires dict's buckets with a cursor; we walk the dense
 * array of `Database.expires` with a position per index. Deleting a key moves the index's last
 * key into its place, so after deleting the key under the cursor the cycle looks at the same
 * position again. A key moved from the end to behind the cursor by another deletion waits for
 * the next pass. The position is keyed by the index itself, so SWAPDB (which swaps databases'
 * contents) carries it along.
 */
export const KEYS_PER_LOOP = 20;
export const ACCEPTABLE_STALE_PERCENT = 10;
export const SLOW_TIME_PERCENT = 25;

export class ActiveExpiry {
  private readonly positions = new WeakMap<VolatileIndex, number>();
  /** The database the next cycle starts with (Redis's static current_db). */
  private nextDb = 0;

  constructor(private readonly keyspace: Keyspace) {}

  /**
   * Runs one cycle as of `now` (epoch ms), spending at most about `budgetMs` of real time.
   * Returns how many keys it deleted.
   */
  cycle(now: number, budgetMs: number): number {
    const dbs = this.keyspace.dbs;
    const deadline = performance.now() + budgetMs;
    let expired = 0;
    for (let n = 0; n < dbs.length; n++) {
      const db = dbs[this.nextDb]!;
      this.nextDb = (this.nextDb + 1) % dbs.length;
      const expires = db.expires;
      for (;;) {
        const wanted = Math.min(expires.size, KEYS_PER_LOOP);
        if (wanted === 0) break;
        let sampled = 0;
        let stale = 0;
        let at = this.positions.get(expires) ?? 0;
        let restarted = false;
        while (sampled < wanted) {
          if (at >= expires.size) {
            // End of a pass: start the next one, at most once per loop (a tiny index).
            if (restarted) break;
            restarted = true;
            at = 0;
            continue;
          }
          sampled++;
          const entry = expires.entryAt(at);
          if (now > entry.expireAt!) {
            // The index's last key moves into this position: it is looked at next.
            db.expireEntry(expires.keyAt(at), entry);
            stale++;
          } else at++;
        }
        this.positions.set(expires, at);
        expired += stale;
        if (performance.now() >= deadline) {
          // Resume with this database next time: it may still hold stale keys.
          this.nextDb = db.index;
          return expired;
        }
        if (sampled === 0 || stale * 100 <= sampled * ACCEPTABLE_STALE_PERCENT) break;
      }
    }
    return expired;
  }
}

/** The cron job: one cycle per tick, with SLOW_TIME_PERCENT of the tick period as its budget. */
export function activeExpiryJob(keyspace: Keyspace, hz: () => number): (now: number) => void {
  const expiry = new ActiveExpiry(keyspace);
  return (now) => {
    expiry.cycle(now, (1000 / hz()) * (SLOW_TIME_PERCENT / 100));
  };
}
