import { performance } from 'node:perf_hooks';
import type { Entry } from './entry.js';
import type { Keyspace } from './keyspace.js';

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
 * The approximation: Redis samples hash-table buckets; we walk `Database.expires` (a Map of the
 * volatile keys) with one persistent iterator per map. JS Map iterators stay valid across
 * inserts and deletes (deleted entries are skipped, new ones are visited at the end), so
 * successive loops cover every volatile key once per pass, with no rescanning. The iterator is
 * keyed by the Map itself, so SWAPDB (which swaps databases' contents) carries it along.
 */
export const KEYS_PER_LOOP = 20;
export const ACCEPTABLE_STALE_PERCENT = 10;
export const SLOW_TIME_PERCENT = 25;

type Cursor = Iterator<[string, Entry]>;

export class ActiveExpiry {
  private readonly cursors = new WeakMap<Map<string, Entry>, Cursor>();
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
      for (;;) {
        const wanted = Math.min(db.expires.size, KEYS_PER_LOOP);
        if (wanted === 0) break;
        let sampled = 0;
        let stale = 0;
        let restarted = false;
        let cursor = this.cursor(db.expires);
        while (sampled < wanted) {
          const step = cursor.next();
          if (step.done) {
            // End of a pass: start the next one, at most once per loop (a tiny map).
            if (restarted) break;
            restarted = true;
            cursor = this.restart(db.expires);
            continue;
          }
          sampled++;
          const [key, entry] = step.value;
          if (now > entry.expireAt!) {
            db.expireEntry(key, entry);
            stale++;
          }
        }
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

  private cursor(map: Map<string, Entry>): Cursor {
    return this.cursors.get(map) ?? this.restart(map);
  }

  private restart(map: Map<string, Entry>): Cursor {
    const c = map.entries();
    this.cursors.set(map, c);
    return c;
  }
}

/** The cron job: one cycle per tick, with SLOW_TIME_PERCENT of the tick period as its budget. */
export function activeExpiryJob(keyspace: Keyspace, hz: () => number): (now: number) => void {
  const expiry = new ActiveExpiry(keyspace);
  return (now) => {
    expiry.cycle(now, (1000 / hz()) * (SLOW_TIME_PERCENT / 100));
  };
}
