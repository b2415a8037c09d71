/**
 * Redis's eviction pool (evict.c, EVPOOL_SIZE 16): the best victims seen by recent samplings,
 * kept sorted by score (higher = better to evict). Sampling a handful of keys per eviction is
 * cheap but noisy; carrying the best candidates over from one eviction to the next makes a few
 * samples behave like many, which is what brings sampled LRU close to exact LRU.
 *
 * Candidates can go stale between samplings (deleted, overwritten, touched); the pool does not
 * know the keyspace, so the caller checks a popped candidate with `stillValid` and drops it.
 */
export const EVPOOL_SIZE = 16;

export interface PoolCandidate<T> {
  item: T;
  score: number;
}

export class EvictionPool<T> {
  /** Ascending by score: the best victim is last. */
  private readonly slots: PoolCandidate<T>[] = [];

  get size(): number {
    return this.slots.length;
  }

  /** Offers a candidate; keeps it if the pool has room or it beats the worst one held. */
  offer(item: T, score: number): void {
    const s = this.slots;
    if (s.length === EVPOOL_SIZE && score <= s[0]!.score) return;
    for (const c of s) if (c.item === item) return;
    let i = s.length;
    while (i > 0 && s[i - 1]!.score > score) i--;
    s.splice(i, 0, { item, score });
    if (s.length > EVPOOL_SIZE) s.shift();
  }

  /** Removes and returns the best candidate. */
  popBest(): T | undefined {
    return this.slots.pop()?.item;
  }

  clear(): void {
    this.slots.length = 0;
  }
}
