/**
 * Redis's glob matcher (util.c stringmatchlen, 7.0.15), ported branch for branch so KEYS and
 * SCAN MATCH select exactly the keys Redis would:
 *
 * - `*` any run of bytes, `?` one byte, `\x` the byte x literally;
 * - `[abc]`, `[^abc]`, ranges `[a-z]` (a reversed range `[z-a]` is swapped), `\` escapes inside
 *   a class; an unterminated class `[abc` matches as if closed at the end of the pattern;
 * - bytes compare as C `char`, which is signed on the platforms Redis ships for, so a range
 *   whose ends straddle 0x80 behaves as it does there (`[a-\xff]` is the range -1..97).
 *
 * Pattern and subject are latin1 strings (one char per byte). After a `*` fails to match the
 * rest of the pattern at every later position, no earlier `*` can succeed either
 * (`skipLonger`, Redis's fix for pathological patterns such as `*a*a*a*a*b`).
 */
export function globMatch(pattern: string, subject: string): boolean {
  return matchFrom(pattern, 0, subject, 0, { skipLonger: false });
}

/** A byte as C's signed char. */
function signedByte(code: number): number {
  return code >= 128 ? code - 256 : code;
}

function matchFrom(pattern: string, p: number, s: string, i: number, state: { skipLonger: boolean }): boolean {
  const plen = pattern.length;
  const slen = s.length;
  while (p < plen && i < slen) {
    const c = pattern.charCodeAt(p);
    if (c === 42 /* * */) {
      while (p + 1 < plen && pattern.charCodeAt(p + 1) === 42) p++;
      if (p + 1 === plen) return true;
      while (i < slen) {
        if (matchFrom(pattern, p + 1, s, i, state)) return true;
        if (state.skipLonger) return false;
        i++;
      }
      state.skipLonger = true;
      return false;
    } else if (c === 63 /* ? */) {
      i++;
    } else if (c === 91 /* [ */) {
      p++;
      const not = p < plen && pattern.charCodeAt(p) === 94; /* ^ */
      if (not) p++;
      const sc = s.charCodeAt(i);
      let match = false;
      for (;;) {
        const pc = pattern.charCodeAt(p);
        if (pc === 92 /* \ */ && plen - p >= 2) {
          p++;
          if (pattern.charCodeAt(p) === sc) match = true;
        } else if (pc === 93 /* ] */) {
          break;
        } else if (p >= plen) {
          // Unterminated class: step back so the loop's final increment ends the pattern.
          p--;
          break;
        } else if (plen - p >= 3 && pattern.charCodeAt(p + 1) === 45 /* - */) {
          let start = signedByte(pc);
          let end = signedByte(pattern.charCodeAt(p + 2));
          if (start > end) [start, end] = [end, start];
          const v = signedByte(sc);
          p += 2;
          if (v >= start && v <= end) match = true;
        } else if (pc === sc) {
          match = true;
        }
        p++;
      }
      if (not) match = !match;
      if (!match) return false;
      i++;
    } else {
      if (c === 92 /* \ */ && plen - p >= 2) p++;
      if (pattern.charCodeAt(p) !== s.charCodeAt(i)) return false;
      i++;
    }
    p++;
    if (i === slen) {
      while (p < plen && pattern.charCodeAt(p) === 42) p++;
      break;
    }
  }
  return p === plen && i === slen;
}
