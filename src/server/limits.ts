import type { ConfigValues, OutputBufferLimit } from '../config.js';

/**
 * The connection-level protections of Redis 7.0 (networking.c, server.c), as pure decisions so
 * they can be tested without sockets: protected mode, client-output-buffer-limit, idle timeout.
 */

/** Loopback peers, as Redis's connIsLocal(): 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * Protected mode (Redis 7.0 clientAcceptHandler): with protected-mode on and no password for the
 * default user, only loopback peers are served, whatever the bind address. Binding to loopback
 * only (the default) means no other peer can reach us anyway.
 */
export function protectedModeRefuses(values: Pick<ConfigValues, 'protectedMode' | 'requirepass'>, remoteAddress: string | undefined): boolean {
  return values.protectedMode && values.requirepass === '' && !isLoopback(remoteAddress);
}

/**
 * Redis's checkClientOutputBufferLimits(): past the hard limit at once, or past the soft limit
 * for softSeconds without a break. `overSoftSince` is the time the soft limit was first passed
 * (0 when it is not); returns the new value, or -1 when the client must be closed.
 */
export function outputLimitCheck(limit: OutputBufferLimit, bytes: number, now: number, overSoftSince: number): number {
  if (limit.hard > 0 && bytes >= limit.hard) return -1;
  if (limit.soft === 0 || bytes < limit.soft) return 0;
  if (overSoftSince === 0) return now;
  return now - overSoftSince >= limit.softSeconds * 1000 ? -1 : overSoftSince;
}

/** What an idle sweep needs from a client. */
export interface IdleCandidate {
  lastInteraction: number;
  destroy(reason?: string): void;
}

/**
 * Closes clients idle for more than `timeout` seconds (Redis's clientsCronHandleTimeout; 0 turns
 * it off). Runs from the server's periodic cycle.
 */
export function closeIdleClients(clients: Iterable<IdleCandidate>, now: number, timeoutSec: number): number {
  if (timeoutSec <= 0) return 0;
  const idle = [...clients].filter((c) => now - c.lastInteraction > timeoutSec * 1000);
  for (const c of idle) c.destroy('idle timeout');
  return idle.length;
}
