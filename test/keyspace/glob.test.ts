import { describe, expect, it } from 'vitest';
import { globMatch } from '../../src/keyspace/glob.js';

/** [pattern, subject, matches] -- each row as redis-server 7.0.15 answers it. */
const CASES: Array<[string, string, boolean]> = [
  ['**', '', false], // stringmatchlen never matches an empty subject (KEYS and SCAN special-case "*")
  ['*', 'anything', true],
  ['', '', true],
  ['', 'a', false],
  ['?', '', false],
  ['?', 'a', true],
  ['?', 'ab', false],
  ['h?llo', 'hello', true],
  ['h*llo', 'hllo', true],
  ['h*llo', 'heeeello', true],
  ['h[ae]llo', 'hallo', true],
  ['h[ae]llo', 'hillo', false],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[b-a]llo', 'hbllo', true], // a reversed range is swapped
  ['h\\*llo', 'h*llo', true],
  ['h\\*llo', 'hello', false],
  ['h\\\\llo', 'h\\llo', true],
  ['[abc', 'a', true], // an unterminated class ends with the pattern
  ['[abc', 'ab', false],
  ['h[', 'h', false],
  ['[]]', ']', false], // "[]" is an empty class that matches nothing
  ['[]', '', false],
  ['x[\\]]y', 'x]y', true],
  ['x[a-]y', 'x-y', false], // "a-]" is a range: the class runs to the end, unterminated
  ['x[a-]y', 'xay', false],
  ['x[-a]y', 'x-y', true],
  ['\\', '\\', true], // a trailing backslash is literal
  ['ab\\', 'ab\\', true],
  ['a*b*c*d', 'aXbYcZd', true],
  ['*a*a*a*a*b', 'a'.repeat(40), false],
  // Bytes compare as signed chars: [a-\xff] is the range -1..97, so it holds 0xff and NUL, not 0xe9 (-23) or 'b'.
  ['[a-\xff]', '\xe9', false],
  ['[a-\xff]', '\xff', true],
  ['[a-\xff]', 'b', false],
  ['[a-\xff]', '\x00', true],
  ['[\xe0-\xff]', '\xe9', true],
  ['a*', 'a\x00b', true],
  ['*\x00*', 'a\x00b', true],
];

describe('globMatch', () => {
  for (const [pattern, subject, expected] of CASES) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(subject)}`, () => {
      expect(globMatch(pattern, subject)).toBe(expected);
    });
  }

  it('stays fast on patterns that would backtrack exponentially', () => {
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });
});
