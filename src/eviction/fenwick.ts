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

  /**
   * `find` for the three ranks at ranks[at..at+3): positions[at + j] gets the index holding
   * ranks[at + j], which becomes its rank within that index's count. The three descents advance
   * a level at a time side by side, in registers, so the CPU overlaps their loads instead of
   * waiting on each chain in turn (a loop over an array of descents measured no faster than
   * one descent after another).
   */
  findThree(ranks: Int32Array, at: number, positions: Int32Array): void {
    const tree = this.tree;
    let r0 = ranks[at]!;
    let r1 = ranks[at + 1]!;
    let r2 = ranks[at + 2]!;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    for (let step = this.size >> 1; step > 0; step >>= 1) {
      const t0 = tree[p0 + step]!;
      const t1 = tree[p1 + step]!;
      const t2 = tree[p2 + step]!;
      const k0 = ~((r0 - t0) >> 31);
      const k1 = ~((r1 - t1) >> 31);
      const k2 = ~((r2 - t2) >> 31);
      p0 += step & k0;
      p1 += step & k1;
      p2 += step & k2;
      r0 -= t0 & k0;
      r1 -= t1 & k1;
      r2 -= t2 & k2;
    }
    positions[at] = p0;
    positions[at + 1] = p1;
    positions[at + 2] = p2;
    ranks[at] = r0;
    ranks[at + 1] = r1;
    ranks[at + 2] = r2;
  }

  clear(): void {
    this.tree.fill(0);
    this.total = 0;
  }
}
