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
const MASK = EVPOOL_SIZE - 1;

export class EvictionPool<T> {
  /**
   * A ring of EVPOOL_SIZE places: logical position i (0 = the worst candidate, size - 1 = the
   * best) is at physical index (first + i) & MASK. An insertion shifts whichever side of its
   * place is shorter: most offers that get in rank near the worst end, and shifting the whole
   * pool for each of them cost more than the rest of an offer.
   */
  private readonly items: Array<T | undefined> = new Array(EVPOOL_SIZE).fill(undefined);
  private readonly keys: string[] = new Array(EVPOOL_SIZE).fill('');
  private readonly scores = new Float64Array(EVPOOL_SIZE);
  private readonly dbs = new Int32Array(EVPOOL_SIZE);
  private readonly stamps = new Float64Array(EVPOOL_SIZE);
  private first = 0;
  size = 0;
  /** The key, database, stamp and score of the candidate `popBest` returned last. */
  key = '';
  db = 0;
  stamp = 0;
  score = 0;

  /** Offers a candidate; keeps it if the pool has room or it beats the worst one held. */
  offer(item: T, key: string, db: number, stamp: number, score: number): void {
    let n = this.size;
    if (n === EVPOOL_SIZE && score <= this.scores[this.first]!) return;
    // Before candidates of equal score, as Redis: among equals, the one sampled earliest goes
    // first (under LFU many keys tie, and one that kept its score longer is the colder).
    let at = 0;
    while (at < n && this.scores[(this.first + at) & MASK]! < score) at++;
    // A candidate held already has the same score (it follows from the stamp, and under LFU the
    // minute), so only the run of equal scores is searched; a copy held at an older score is
    // harmless, since the evictor re-checks every candidate it pops.
    for (let i = at; i < n; i++) {
      const p = (this.first + i) & MASK;
      if (this.scores[p] !== score) break;
      if (this.items[p] === item && this.dbs[p] === db) return;
    }
    if (n === EVPOOL_SIZE) {
      // Full: drop the worst.
      this.items[this.first] = undefined;
      this.first = (this.first + 1) & MASK;
      n--;
      at--;
    }
    let place: number;
    if (at <= n - at) {
      // Shift the worse side one place down (into the free place before `first`).
      this.first = (this.first - 1) & MASK;
      for (let i = 0; i < at; i++) this.move((this.first + i + 1) & MASK, (this.first + i) & MASK);
      place = (this.first + at) & MASK;
    } else {
      for (let i = n; i > at; i--) this.move((this.first + i - 1) & MASK, (this.first + i) & MASK);
      place = (this.first + at) & MASK;
    }
    this.size = n + 1;
    this.items[place] = item;
    this.keys[place] = key;
    this.dbs[place] = db;
    this.stamps[place] = stamp;
    this.scores[place] = score;
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
    const i = (this.first + --this.size) & MASK;
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
    this.first = 0;
  }
}
