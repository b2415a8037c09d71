import type { Config } from '../config.js';
import type { Keyspace } from '../keyspace/keyspace.js';

/**
 * INFO's `# Cache` section: the cache's health in one place, for people sizing a cache rather
 * than debugging a server. Ratios are fractions with 4 decimals; a ratio with no denominator
 * (no lookups yet, no maxmemory) is 0.
 */
export function cacheSection(keyspace: Keyspace, config: Config): string[] {
  const s = keyspace.stats;
  const lookups = s.hits + s.misses;
  const max = config.values.maxmemory;
  let slotsInUse = 0;
  let largest = { db: -1, slot: -1, keys: 0, bytes: 0 };
  for (const db of keyspace.dbs) {
    if (db.keyCount === 0) continue;
    slotsInUse += db.slotsInUse;
    db.slotBytes.forEach((bytes, slot) => {
      if (bytes > largest.bytes) largest = { db: db.index, slot, keys: db.slots[slot]!.size, bytes };
    });
  }
  const ratio = (n: number, d: number) => (d > 0 ? n / d : 0).toFixed(4);
  return [
    `cache_hit_rate:${ratio(s.hits, lookups)}`,
    `cache_hits:${s.hits}`,
    `cache_misses:${s.misses}`,
    `cache_keys:${keyspace.keyCount()}`,
    `cache_used_memory:${keyspace.usedBytes}`,
    `cache_maxmemory:${max}`,
    `cache_utilization:${ratio(keyspace.usedBytes, max)}`,
    `cache_policy:${config.values.maxmemoryPolicy}`,
    `cache_evicted_keys:${s.evicted}`,
    `cache_evicted_bytes:${s.evictedBytes}`,
    `cache_expired_keys:${s.expired}`,
    `cache_slots_in_use:${slotsInUse}`,
    `cache_largest_slot:${largest.slot}`,
    `cache_largest_slot_db:${largest.db}`,
    `cache_largest_slot_keys:${largest.keys}`,
    `cache_largest_slot_bytes:${largest.bytes}`,
  ];
}
