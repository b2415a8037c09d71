import { readFileSync } from 'node:fs';
import type { Reply } from '../resp/reply.js';

/**
 * Redis 7.0.15's own command data (BSD-3-Clause, Redis Ltd.), regenerated from a real server by
 * scripts/redis-command-data.mjs: the COMMAND DOCS reply, and each command's tips and key
 * specs from COMMAND INFO. Stored as reply trees so they are sent exactly as Redis sends them.
 */

/** A stored reply: {st} simple string, {m} map (flat pairs), {a} array, {s} set. */
export type ReplyNode = string | number | { st: string } | { m: ReplyNode[] } | { a: ReplyNode[] } | { s: ReplyNode[] };

/** data/ sits two levels above both src/commands and dist/commands. Read, not imported: esbuild (tsx) turns a JSON import into named exports, and a command named `eval` is not a legal one. */
const readData = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8'));

export const REDIS_DOCS = readData('redis-docs.json') as Record<string, { m: ReplyNode[] }>;
export const REDIS_INFO = readData('redis-info.json') as Record<string, { tips: { s: ReplyNode[] }; keySpecs: { s: ReplyNode[] } }>;

export function writeNode(r: Reply, node: ReplyNode): void {
  if (typeof node === 'string') r.bulk(node);
  else if (typeof node === 'number') r.int(node);
  else if ('st' in node) r.simple(node.st);
  else if ('m' in node) {
    r.map(node.m.length / 2);
    for (const n of node.m) writeNode(r, n);
  } else if ('a' in node) {
    r.array(node.a.length);
    for (const n of node.a) writeNode(r, n);
  } else {
    r.set(node.s.length);
    for (const n of node.s) writeNode(r, n);
  }
}
