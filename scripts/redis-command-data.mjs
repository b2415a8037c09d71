#!/usr/bin/env node
// Regenerates the Redis 7.0.15 command data from a running redis-server 7.0.15:
//   node scripts/redis-command-data.mjs PORT docs > data/redis-docs.json
//   node scripts/redis-command-data.mjs PORT info > data/redis-info.json
// docs: the COMMAND DOCS reply; info: each command's tips and key specs from COMMAND INFO
// (subcommands listed by their full name). Redis's own data (BSD-3-Clause, Redis Ltd.) as a
// typed tree: strings stay strings, integers numbers, {st} a simple string, {m} a map,
// {a} an array, {s} a set.
import { connect } from 'node:net';

const what = process.argv[3] ?? 'docs';
const socket = connect(Number(process.argv[2] ?? 6379), '127.0.0.1');
const command = what === 'docs' ? '$4\r\nDOCS\r\n' : '$4\r\nINFO\r\n';
socket.write('*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n*2\r\n$7\r\nCOMMAND\r\n' + command);

/** COMMAND INFO entries to name -> { tips, keySpecs }, subcommands flattened. */
function infoEntries(reply) {
  const out = [];
  const add = (e) => {
    out.push([e.a[0], { tips: e.a[7], keySpecs: e.a[8] }]);
    if (e.a[9].a) for (const sub of e.a[9].a) add(sub);
  };
  for (const e of reply.a) add(e);
  return out;
}

class Incomplete extends Error {}

function parse(b, p) {
  if (p >= b.length) throw new Incomplete();
  const t = String.fromCharCode(b[p]);
  const cr = b.indexOf('\r\n', p);
  if (cr < 0) throw new Incomplete();
  const h = b.toString('latin1', p + 1, cr);
  let q = cr + 2;
  if (t === '$' || t === '=') {
    if (b.length < q + Number(h) + 2) throw new Incomplete();
    return [b.toString('latin1', q, q + Number(h)), q + Number(h) + 2];
  }
  if (t === '+') return [{ st: h }, q];
  if (t === ':') return [Number(h), q];
  if (t === '*' || t === '~' || t === '%') {
    const out = [];
    for (let i = 0; i < Number(h) * (t === '%' ? 2 : 1); i++) {
      const [v, next] = parse(b, q);
      out.push(v);
      q = next;
    }
    return [t === '%' ? { m: out } : t === '~' ? { s: out } : { a: out }, q];
  }
  throw new Error(`unexpected reply type ${t}`);
}

let buf = Buffer.alloc(0);
socket.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  try {
    const [, afterHello] = parse(buf, 0);
    const [reply] = parse(buf, afterHello);
    socket.destroy();
    // One command per line keeps diffs of the file readable.
    const entries = [];
    if (what === 'info') entries.push(...infoEntries(reply));
    else for (let i = 0; i < reply.m.length; i += 2) entries.push([reply.m[i], reply.m[i + 1]]);
    entries.sort((x, y) => (x[0] < y[0] ? -1 : 1));
    process.stdout.write('{\n' + entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n}\n');
  } catch (err) {
    if (!(err instanceof Incomplete)) throw err;
  }
});
