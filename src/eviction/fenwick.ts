/**
 * A Fenwick (binary indexed) tree over non-negative counts, here the key count of each hash
 * slot. Valkey 8 keeps one per database for the same purpose: to pick a non-empty slot at
 * random with probability proportional to its size in O(log n), so sampling keys across 16,384
 * slots costs the same whether one slot or all of them hold keys.
 */
export class Fenwick {
  /** 1-based partial sums: tree[i] covers (i - lowbit(i), i]. */
  private readonly tree: Int32Array;
  /** The sum of all counts. */
  total = 0;

  /** `size` must be a power of two (the descent in `find` relies on it). */
  constructor(readonly size: number) {
    this.tree = new Int32Array(size + 1);
  }

  /** Adds `delta` to the count at `index` (0-based). */
  add(index: number, delta: number): void {
    this.total += delta;
    for (let i = index + 1; i <= this.size; i += i & -i) this.tree[i] += delta;
  }

  /** The sum of counts at indexes 0..index-1. */
  prefix(index: number): number {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /**
   * The index whose cumulative range holds the `rank`-th unit (0 <= rank < total): the smallest
   * index i with prefix(i + 1) > rank. A uniform rank picks an index weighted by its count.
   */
  find(rank: number): number {
    // Branch-free descent: `take` is all ones when the subtree at pos + step ends at or before
    // `rank`. Random ranks make the branchy form mispredict at every level (~3x slower here).
    let pos = 0;
    for (let step = this.size >> 1; step > 0; step >>= 1) {
      const t = this.tree[pos + step]!;
      const take = ~((rank - t) >> 31);
      pos += step & take;
      rank -= t & take;
    }
    return pos;
  }

  /** An index drawn with probability proportional to its count, from `u` uniform in [0, 1). */
  draw(u: number): number {
    return this.find(Math.floor(u * this.total));
  }

  clear(): void {
    this.tree.fill(0);
    this.total = 0;
  }
}
