/**
 * A Fenwick (binary indexed) tree over non-negative counts: O(log n) updates and weighted
 * lookups by rank. SlotWeights keeps one over groups of hash slots.
 */
export class Fenwick {
  /** 1-based partial sums: tree[i] covers (i - lowbit(i), i]. */
  private readonly tree: Int32Array;
  /** The sum of all counts. */
  total = 0;
  /** The sum of the counts at the indexes below the one `find` returned last. */
  lastFindBase = 0;

  /** `size` must be a power of two (the descent in `find` relies on it). */
  constructor(readonly size: number) {
    this.tree = new Int32Array(size + 1);
  }

  /** Adds `delta` to the count at `index` (0-based). */
  add(index: number, delta: number): void {
    this.total += delta;
    for (let i = index + 1; i <= this.size; i += i & -i) this.tree[i] += delta;
  }

  /**
   * The index whose cumulative range holds the `rank`-th unit (0 <= rank < total): the smallest
   * index i whose counts at 0..i sum to more than `rank`. A uniform rank picks an index weighted
   * by its count.
   */
  find(rank: number): number {
    // Branch-free descent: `take` is all ones when the subtree at pos + step ends at or before
    // `rank`. Random ranks make the branchy form mispredict at every level (~3x slower here).
    let pos = 0;
    let base = 0;
    for (let step = this.size >> 1; step > 0; step >>= 1) {
      const t = this.tree[pos + step]!;
      const take = ~((rank - t) >> 31);
      pos += step & take;
      rank -= t & take;
      base += t & take;
    }
    this.lastFindBase = base;
    return pos;
  }

  clear(): void {
    this.tree.fill(0);
    this.total = 0;
  }
}
