/**
 * Redis's eviction pool (evict.c, EVPOOL_SIZE 16): the best victims seen by recent samplings,
 * kept sorted by score (higher = better to evict). Sampling a handful of keys per eviction is
 * cheap but noisy; carrying the best candidates over from one eviction to the next makes a few
 * samples behave like many, which is what brings sampled LRU close to exact LRU.
 *
 * Candidates can go stale between samplings (deleted, overwritten, touched); the pool does not
 * know the keyspace, so it records with each candidate its key, database and a `stamp` (the
 * access state when sampled) for the caller to check after `popBest`.
 *
 * Stored in parallel fixed arrays: an offer allocates nothing, since it runs `samples` times
 * per evicted key.
 */
export const EVPOOL_SIZE = 16;

export class EvictionPool<T> {
  /** Ascending by score: the best victim is last. */
  private readonly items: Array<T | undefined> = new Array(EVPOOL_SIZE).fill(undefined);
  private readonly keys: string[] = new Array(EVPOOL_SIZE).fill('');
  private readonly scores = new Float64Array(EVPOOL_SIZE);
  private readonly dbs = new Int32Array(EVPOOL_SIZE);
  private readonly stamps = new Float64Array(EVPOOL_SIZE);
  size = 0;
  /** The key, database, stamp and score of the candidate `popBest` returned last. */
  key = '';
  db = 0;
  stamp = 0;
  score = 0;

  /** Offers a candidate; keeps it if the pool has room or it beats the worst one held. */
  offer(item: T, key: string, db: number, stamp: number, score: number): void {
    const n = this.size;
    if (n === EVPOOL_SIZE && score <= this.scores[0]!) return;
    for (let i = 0; i < n; i++) if (this.items[i] === item && this.dbs[i] === db) return;
    // Before candidates of equal score, as Redis: among equals, the one sampled earliest goes
    // first (under LFU many keys tie, and one that kept its score longer is the colder).
    let at = 0;
    while (at < n && this.scores[at]! < score) at++;
    if (n === EVPOOL_SIZE) {
      // Full: drop the worst (index 0) by shifting left what lies before the insertion point.
      at--;
      for (let i = 0; i < at; i++) this.move(i + 1, i);
    } else {
      for (let i = n; i > at; i--) this.move(i - 1, i);
      this.size++;
    }
    this.items[at] = item;
    this.keys[at] = key;
    this.dbs[at] = db;
    this.stamps[at] = stamp;
    this.scores[at] = score;
  }

  private move(from: number, to: number): void {
    this.items[to] = this.items[from];
    this.keys[to] = this.keys[from]!;
    this.dbs[to] = this.dbs[from]!;
    this.stamps[to] = this.stamps[from]!;
    this.scores[to] = this.scores[from]!;
  }

  /** Removes and returns the best candidate; its key, db, stamp and score are left in the fields. */
  popBest(): T | undefined {
    if (this.size === 0) return undefined;
    const i = --this.size;
    const item = this.items[i];
    this.items[i] = undefined;
    this.key = this.keys[i]!;
    this.db = this.dbs[i]!;
    this.stamp = this.stamps[i]!;
    this.score = this.scores[i]!;
    return item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.size = 0;
  }
}
