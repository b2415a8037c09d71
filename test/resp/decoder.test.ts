import { describe, expect, it } from 'vitest';
import { RequestDecoder, CLOSE_SILENTLY } from '../../src/resp/decoder.js';
import { splitInlineArgs } from '../../src/resp/inline.js';

const limits = { maxBulkLen: 512 * 1024 * 1024, queryBufferLimit: 1024 * 1024 * 1024 };

function decodeChunks(chunks: Buffer[], authRequired = false): { commands: string[][]; error: string | null } {
  const d = new RequestDecoder(limits);
  const commands: string[][] = [];
  const sink = { authRequired, command: (argv: string[]) => (commands.push(argv), true) };
  for (const c of chunks) {
    const error = d.feed(c, sink);
    if (error !== null) return { commands, error };
  }
  return { commands, error: null };
}

const STREAM = Buffer.from(
  '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n' + 'PING\r\n' + '*1\r\n$4\r\nPING\r\n' + 'set "a b" \'c\\\'d\'\n' + '*2\r\n$3\r\nGET\r\n$0\r\n\r\n' + '*0\r\n' + '\r\n',
  'latin1',
);
const EXPECTED = [['SET', 'key', 'va\r\nl'], ['PING'], ['PING'], ['set', 'a b', "c'd"], ['GET', '']];

describe('RequestDecoder', () => {
  it('decodes a stream split at every offset, and byte by byte', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const r = decodeChunks([STREAM.subarray(0, cut), STREAM.subarray(cut)]);
      expect(r, `split at ${cut}`).toEqual({ commands: EXPECTED, error: null });
    }
    const bytes = [...STREAM].map((b) => Buffer.from([b]));
    expect(decodeChunks(bytes)).toEqual({ commands: EXPECTED, error: null });
  });

  it('keeps binary bytes as latin1 chars', () => {
    const value = Buffer.from([0, 0xff, 0x80, 13, 10, 0xc3]);
    const frame = Buffer.concat([Buffer.from('*2\r\n$4\r\nECHO\r\n$6\r\n'), value, Buffer.from('\r\n')]);
    const r = decodeChunks([frame]);
    expect(Buffer.from(r.commands[0]![1]!, 'latin1')).toEqual(value);
  });

  it('gathers a large bulk sent in many chunks', () => {
    const big = 'x'.repeat(1_000_000);
    const frame = Buffer.from(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < frame.length; i += 65536) chunks.push(frame.subarray(i, i + 65536));
    const r = decodeChunks(chunks);
    expect(r.error).toBeNull();
    expect(r.commands[0]![1]!.length).toBe(big.length);
  });

  it('decodes commands of every argument count, sized up front or grown', () => {
    for (const n of [1, 2, 3, 1024, 1025, 3000]) {
      const argv = ['DEL', ...Array.from({ length: n - 1 }, (_, i) => `k${i}`)];
      const frame = Buffer.from(`*${n}\r\n` + argv.map((a) => `$${a.length}\r\n${a}\r\n`).join(''));
      const half = frame.length >> 1;
      const r = decodeChunks([frame.subarray(0, half), frame.subarray(half), frame]);
      expect(r, `${n} arguments`).toEqual({ commands: [argv, argv], error: null });
    }
  });

  it('keeps command names exact while reusing them across commands', () => {
    // Same lengths, different bytes and cases, more names than the per-connection cache holds.
    const names = ['GET', 'SET', 'get', 'DEL', 'TTL', 'SET', 'PING', 'INCR', 'DECR', 'MGET', 'MSET', 'GET', 'EXISTS', 'TYPE', 'GET'];
    const wire = names.map((n) => `*1\r\n$${n.length}\r\n${n}\r\n`).join('') + '*2\r\n$3\r\nGET\r\n$3\r\nSET\r\n';
    const r = decodeChunks([Buffer.from(wire, 'latin1')]);
    expect(r.commands).toEqual([...names.map((n) => [n]), ['GET', 'SET']]);
    const bin = Buffer.from([0x2a, 0x31, 13, 10, 0x24, 0x32, 13, 10, 0xff, 0x00, 13, 10]);
    expect(decodeChunks([bin, bin]).commands).toEqual([['\xff\x00'], ['\xff\x00']]);
  });

  it.each([
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*99999999999\r\n', 'Protocol error: invalid multibulk length'],
    ['*01\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\nfoo\r\n', "Protocol error: expected '$', got 'f'"],
    ['*1\r\n$-1\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$999999999999\r\n', 'Protocol error: invalid bulk length'],
    ['"unbalanced\r\n', 'Protocol error: unbalanced quotes in request'],
    ['*' + '1'.repeat(70000), 'Protocol error: too big mbulk count string'],
    ['*1\r\n$' + '1'.repeat(70000), 'Protocol error: too big bulk count string'],
    ['x'.repeat(70000), 'Protocol error: too big inline request'],
  ])('rejects %j', (input, error) => {
    expect(decodeChunks([Buffer.from(input, 'latin1')]).error).toBe(error);
  });

  it('refuses large frames before authentication', () => {
    expect(decodeChunks([Buffer.from('*11\r\n')], true).error).toBe('Protocol error: unauthenticated multibulk length');
    expect(decodeChunks([Buffer.from('*1\r\n$16385\r\n')], true).error).toBe('Protocol error: unauthenticated bulk length');
  });

  it('drops a client past the query buffer limit without a reply', () => {
    const d = new RequestDecoder({ maxBulkLen: 10_000_000, queryBufferLimit: 1024 * 1024 });
    const sink = { authRequired: false, command: () => true };
    expect(d.feed(Buffer.from('*1\r\n$5000000\r\n'), sink)).toBeNull();
    let error: string | null = null;
    for (let i = 0; i < 40 && error === null; i++) error = d.feed(Buffer.alloc(65536, 120), sink);
    expect(error).toBe(CLOSE_SILENTLY);
  });
});

describe('splitInlineArgs', () => {
  it.each([
    ['set a b', ['set', 'a', 'b']],
    ['  set   a\tb  ', ['set', 'a', 'b']],
    ['"a\\x41\\n" b', ['aA\n', 'b']],
    ["'it\\'s' x", ["it's", 'x']],
    ['"a"b', null],
    ['"abc', null],
    ["'abc", null],
    ['', []],
  ])('%j', (line, expected) => {
    expect(splitInlineArgs(line)).toEqual(expected);
  });
});
