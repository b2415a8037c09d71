import type { EvictionPolicy } from '../config.js';

/**
 * What a maxmemory-policy means to the evictor: which keys it may take (`scope`) and how it
 * ranks them (`rank`). Redis encodes the same as flag bits on the policy constant.
 */
export interface PolicyTraits {
  scope: 'none' | 'allkeys' | 'volatile';
  rank: 'lru' | 'lfu' | 'ttl' | 'random';
}

export function policyTraits(policy: EvictionPolicy): PolicyTraits {
  if (policy === 'noeviction') return { scope: 'none', rank: 'random' };
  const [scope, rank] = policy.split('-') as ['allkeys' | 'volatile', PolicyTraits['rank']];
  return { scope, rank };
}

/** Whether the policy tracks access frequency (keyspace in LFU mode) rather than recency. */
export function isLfuPolicy(policy: EvictionPolicy): boolean {
  return policy.endsWith('-lfu');
}
