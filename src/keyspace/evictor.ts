import { performance } from 'node:perf_hooks';
import type { Config, ConfigValues } from '../config.js';
import { lfuMinutes, lfuVictimScore } from '../eviction/lfu.js';
import { isLfuPolicy, policyTraits, type PolicyTraits } from '../eviction/policy.js';
import { EvictionPool } from '../eviction/pool.js';
import { MAX_SPREAD } from '../eviction/slot-weights.js';
import { NO_STAMP, type Database, type SlotMap } from './database.js';
import { LRU_MASK, type Entry } from './entry.js';
import type { Keyspace } from './keyspace.js';
import { randomEntryOf } from './scan.js';
import { keySlot } from './slot-hash.js';

/**
 * Frees memory down to `maxmemory` by evicting keys under `maxmemory-policy` (Redis's
 * performEvictions in evict.c, with Valkey 8's per-slot sampling).
 *
 * What is approximated, and why:
 * - Like Redis, no policy keeps a global order of all keys: that would cost memory per key and
 *   work on every read. Each eviction looks at `maxmemory-samples` candidates per database and
 *   evicts the best one, with Redis's 16-entry pool carrying good candidates over between
 *   evictions. The cost per evicted key is O(samples * log 16384) at most, whatever the key count.
 * - allkeys-lru and allkeys-lfu keep each slot's Map in access order: a touched entry is
 *   re-inserted at the end (delete + set), so a slot's first entry is its least recently used.
 *   Slots are picked at random among the non-empty ones, weighted by key count (SlotWeights,
 *   per database).
 *   - allkeys-lru: slot heads, ranked by their access words kept in `Database.stamps`, so
 *     sampling touches no Map; only the victim's slot is read. A head is the least recently used
 *     of its slot's n keys: sampling the slot examines those n keys, as far as LRU can tell them
 *     apart, so slots are drawn until `samples` keys are covered (`samples` slots when slots
 *     hold one key, one slot when a slot holds `samples` or more). With the pool this tracks
 *     exact LRU closely (measured in bench/eviction.ts), while the sampling cost falls as slots
 *     fill up.
 *   - allkeys-lfu: ceil(samples / 2) slots, and the first LFU_SLOT_DEPTH (2) entries of each,
 *     its two least recently used keys, ranked by decayed LFU counter: about `samples`
 *     candidates, as Redis. Their access words are kept in `Database.stamps` as
 *     well, so sampling touches no Map here either. Heads alone would shield every key
 *     behind them, and a new key at LFU_INIT_VAL that is never read again (a one-hit wonder, a
 *     scan) would outlive colder keys; any key, as Redis samples, leaves none, and a new key
 *     that would have earned a count is often evicted before its second access. The second
 *     entry is a middle way, measured better than heads alone (10k and 100k resident keys) and
 *     than any key (10k) on the traces of bench/eviction.ts. A key just written or hit is a
 *     candidate again only once at most one other key of its slot is older. The slots are
 *     drawn together, at ranks spread evenly over the keys from one random number
 *     (SlotWeights.drawSpread): each is still weighted by size, and their tree descents overlap.
 *     That measured ~5% less CPU per evicting SET than independent draws, with hit ratios as
 *     before: on five seeds at 10k resident keys within 0.08 points on the zipf traces and up
 *     to 0.22 better on the moving hot set; within 0.03 at 100k (two seeds).
 *   Right after switching to one of these policies the order is the insertion order until keys
 *   are touched again.
 * - allkeys-random: a size-weighted random slot, then a uniformly random entry of it, found by
 *   walking the slot's Map (a JS Map cannot be indexed): every key is equally likely, as in
 *   Redis. Taking a slot's keys in turn instead (a FIFO per slot) measured 0.07-0.19 points
 *   below Redis on the zipf+scans trace for each of five seeds. A slot of more than
 *   RANDOM_WALK_LIMIT keys (hash tags) is walked from its rotating hand (a live Map iterator)
 *   by a random step of at most that many, which bounds the cost per evicted key.
 * - volatile-* sample keys with a TTL uniformly at random, as Redis, from the database's dense
 *   VolatileIndex: volatile-random evicts one, volatile-ttl ranks by the nearest deadline,
 *   volatile-lru/-lfu by idle time and decayed counter.
 * - Candidates in the pool can go stale; a popped candidate is evicted only if it is still the
 *   same entry with the same access word and deadline, or for a slot position, if that position
 *   still holds the access word sampled (another key there with the same word ranks the same).
 *   Redis checks only that the key exists, and may evict a key touched since it was sampled.
 * - Scores are time-independent so candidates sampled at different times compare fairly:
 *   LRU ranks by -(last access), LFU by 255 - decayed counter (ties: the lower stored counter
 *   first, see lfuVictimScore), TTL by -deadline. Among equal scores the candidate sampled
 *   first goes first, as in Redis's pool.
 */

/** Time allowed to evict before a command runs (Redis: 500us at the default tenacity). */
export const COMMAND_BUDGET_MS = 0.5;
/** Time allowed per periodic tick when memory is still above the limit (lowered maxmemory). */
export const CRON_BUDGET_MS = 20;
/** How many entries of a sampled slot, from its least recently used, allkeys-lfu examines. */
const LFU_SLOT_DEPTH = 2;

export class Evictor {
  private traits: PolicyTraits;
  /**
   * Candidates: entries, or under allkeys-lru and allkeys-lfu slot positions, numbered
   * slot * 2 + depth (0: the slot's head, 1: its second entry) as their `Database.stamps`.
   */
  private readonly pool = new EvictionPool<Entry | number>();
  /** Round-robin database for the random policies (Redis's next_db). */
  private nextDb = 0;
  /** The slots allkeys-lfu sampling draws at once (SlotWeights.drawSpread). */
  private readonly drawn = new Int32Array(MAX_SPREAD);
  /** allkeys-random's rotating position in each large slot (see the contract above). */
  private readonly hands = new WeakMap<SlotMap, MapIterator<[string, Entry]>>();

  constructor(
    private readonly ks: Keyspace,
    private readonly values: ConfigValues,
  ) {
    this.traits = policyTraits(values.maxmemoryPolicy);
    this.applySettings();
  }

  /** Applies maxmemory-policy, lfu-log-factor and lfu-decay-time to the keyspace. */
  applySettings(): void {
    const policy = this.values.maxmemoryPolicy;
    this.traits = policyTraits(policy);
    const wasOrdered = this.ks.accessOrder;
    const wasMode = this.ks.mode;
    this.ks.mode = isLfuPolicy(policy) ? 'lfu' : 'lru';
    this.ks.accessOrder = policy === 'allkeys-lru' || policy === 'allkeys-lfu';
    // The recorded stamps are kept only in access order, and the second entry's only under LFU.
    if (this.ks.accessOrder && (!wasOrdered || wasMode !== this.ks.mode)) for (const db of this.ks.dbs) db.noteHeads();
    this.ks.lfuLogFactor = this.values.lfuLogFactor;
    this.ks.lfuDecayTime = this.values.lfuDecayTime;
    this.pool.clear();
  }

  /**
   * Evicts until used <= maxmemory or `budgetMs` is spent (checked every 16 keys, as Redis).
   * Returns false only when memory is over the limit and nothing can be evicted (noeviction,
   * or volatile-* with no volatile key): the dispatcher then refuses denyoom commands.
   */
  evict(now: number, budgetMs: number): boolean {
    const max = this.values.maxmemory;
    if (max === 0 || this.ks.usedBytes <= max) return true;
    if (this.traits.scope === 'none') return false;
    // The clock is read from the 16th key on: most calls evict one key and skip it.
    let start = 0;
    let n = 0;
    while (this.ks.usedBytes > max) {
      if (!this.evictOne(now)) return false;
      if (++n % 16 === 0) {
        if (n === 16) start = performance.now();
        else if (performance.now() - start > budgetMs) break;
      }
    }
    return true;
  }

  /** The periodic job: keeps evicting in bounded batches after maxmemory was lowered. */
  cron(now: number): void {
    this.evict(now, CRON_BUDGET_MS);
  }

  private evictOne(now: number): boolean {
    if (this.traits.rank === 'random') return this.evictRandom();
    for (;;) {
      // Fresh samples are valid by construction, so this loops at most twice.
      if (this.populate(now) === 0) return false;
      const pool = this.pool;
      for (let c = pool.popBest(); c !== undefined; c = pool.popBest()) {
        const db = this.ks.dbs[pool.db]!;
        if (typeof c === 'number') {
          // A slot position (see `pool`): still a candidate if it holds the stamp it was sampled with.
          // (An emptied position records NO_STAMP, so the check needs no read of the slot.)
          if (db.stamps[c] !== pool.stamp) continue;
          const index = c >> 1;
          const entries = db.slots[index]!;
          const it = entries.entries();
          if ((c & 1) === 1) it.next();
          const [key, e] = it.next().value as [string, Entry];
          db.evict(key, e, index, entries, c & 1);
          return true;
        }
        const index = keySlot(pool.key);
        const entries = db.slots[index];
        if (entries !== undefined && this.current(entries, pool.key, c as Entry, pool.stamp, pool.score, now)) {
          db.evict(pool.key, c as Entry, index, entries);
          return true;
        }
      }
    }
  }

  /** Whether a pooled candidate is still the entry sampled, untouched and with the same deadline. */
  private current(entries: SlotMap, key: string, e: Entry, stamp: number, score: number, now: number): boolean {
    return entries.get(key) === e && e.access === stamp && (this.traits.rank !== 'ttl' || this.score(e, now) === score);
  }

  /** Offers `samples` candidates from every database to the pool; returns how many. */
  private populate(now: number): number {
    const samples = this.values.maxmemorySamples;
    let offered = 0;
    const dbs = this.ks.dbs;
    for (let d = 0; d < dbs.length; d++) {
      const db = dbs[d]!;
      if (this.traits.scope === 'volatile') {
        if (db.expires.size === 0) continue;
        for (let i = 0; i < samples; i++) {
          const at = this.randomVolatile(db);
          const e = db.expires.entryAt(at);
          this.pool.offer(e, db.expires.keyAt(at), d, e.access, this.score(e, now));
        }
      } else {
        if (db.keyCount === 0) continue;
        // allkeys-lru and allkeys-lfu keep access order (applySettings); allkeys-random does not come here.
        if (this.traits.rank === 'lru') {
          // Slot heads compared by their recorded stamps: no Map is touched until the victim's.
          // A head is the least recently used of its slot's n keys, so a sampled slot stands
          // for n examined keys: slots are drawn until `samples` keys are covered.
          const nowLru = now & LRU_MASK;
          for (let covered = 0; covered < samples; ) {
            const index = db.slotSizes.draw(this.ks.random());
            covered += db.slotSizes.count(index);
            const stamp = db.stamps[index * 2]!;
            this.pool.offer(index * 2, '', d, stamp, ((nowLru - stamp) & LRU_MASK) - now);
          }
        } else {
          // The two oldest entries of fewer slots (see the contract above), by their recorded
          // stamps, head first so that among equal counters the less recently used goes first.
          const decay = this.ks.lfuDecayTime;
          const minutes = lfuMinutes(now);
          const drawn = this.drawn;
          const n = Math.ceil(samples / LFU_SLOT_DEPTH);
          db.slotSizes.drawSpread(this.ks.random(), n, drawn);
          for (let j = 0; j < n; j++) {
            const index = drawn[j]!;
            const head = db.stamps[index * 2]!;
            this.pool.offer(index * 2, '', d, head, lfuVictimScore(head, minutes, decay));
            const second = db.stamps[index * 2 + 1]!;
            if (second !== NO_STAMP) this.pool.offer(index * 2 + 1, '', d, second, lfuVictimScore(second, minutes, decay));
          }
        }
      }
      offered += samples;
    }
    return offered;
  }

  /** Higher is a better victim. */
  private score(e: Entry, now: number): number {
    switch (this.traits.rank) {
      case 'lru':
        return this.ks.idleMs(e, now) - now;
      case 'lfu':
        return lfuVictimScore(e.access, lfuMinutes(now), this.ks.lfuDecayTime);
      default:
        return -e.expireAt!;
    }
  }

  /** The position of a key with a TTL, uniformly at random; the database must have one. */
  private randomVolatile(db: Database): number {
    return Math.floor(this.ks.random() * db.expires.size);
  }

  private evictRandom(): boolean {
    const dbs = this.ks.dbs;
    for (let tries = 0; tries < dbs.length; tries++) {
      const db = dbs[this.nextDb]!;
      this.nextDb = (this.nextDb + 1) % dbs.length;
      if (this.traits.scope === 'volatile') {
        if (db.expires.size === 0) continue;
        const at = this.randomVolatile(db);
        const key = db.expires.keyAt(at);
        const index = keySlot(key);
        db.evict(key, db.expires.entryAt(at), index, db.slots[index]!);
        return true;
      }
      if (db.keyCount === 0) continue;
      // A non-empty slot, with probability proportional to its key count.
      const index = db.slotSizes.draw(this.ks.random());
      const entries = db.slots[index]!;
      const [key, entry] = this.randomEntry(entries);
      db.evict(key, entry, index, entries);
      return true;
    }
    return false;
  }

  /** An entry of a non-empty slot, uniformly at random if it holds at most RANDOM_WALK_LIMIT. */
  private randomEntry(entries: SlotMap): [string, Entry] {
    const random = this.ks.random;
    if (entries.size <= RANDOM_WALK_LIMIT) return randomEntryOf(entries, random)!;
    let hand = this.hands.get(entries);
    for (let skip = Math.floor(random() * RANDOM_WALK_LIMIT); ; skip--) {
      let r = hand?.next();
      if (r === undefined || r.done === true) {
        hand = entries.entries();
        this.hands.set(entries, hand);
        r = hand.next();
      }
      if (skip === 0) return r.value as [string, Entry];
    }
  }
}

/** The most entries walked to pick a random one of a slot (see the contract above). */
const RANDOM_WALK_LIMIT = 64;

/** Creates the evictor of a server and keeps it in step with CONFIG SET. */
export function attachEviction(config: Config, ks: Keyspace): Evictor {
  const evictor = new Evictor(ks, config.values);
  config.onChange((name) => {
    if (name === 'maxmemory-policy' || name === 'lfu-log-factor' || name === 'lfu-decay-time') evictor.applySettings();
    // Lowering the limit starts evicting at once, in one bounded batch; the cron job goes on.
    if (name === 'maxmemory') evictor.cron(ks.clock.now());
  });
  return evictor;
}
