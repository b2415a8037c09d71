/**
 * Redis's glob matcher (util.c stringmatchlen): `*`, `?`, `[abc]`, `[^a-z]` ranges, `\` escapes.
 * Works on latin1 strings (one char per byte). Iterative `*` with backtracking to the last star,
 * so a pattern of many stars costs O(pattern * string), never exponential time.
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  if (nocase) {
    pattern = pattern.toLowerCase();
    str = str.toLowerCase();
  }
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < str.length) {
    if (p < pattern.length) {
      const c = pattern[p]!;
      if (c === '*') {
        while (pattern[p + 1] === '*') p++;
        starP = p++;
        starS = s;
        continue;
      }
      if (c === '?') {
        p++;
        s++;
        continue;
      }
      if (c === '[') {
        const end = matchClass(pattern, p, str[s]!);
        if (end > 0) {
          p = end;
          s++;
          continue;
        }
      } else {
        let lit = c;
        if (c === '\\' && p + 1 < pattern.length) lit = pattern[p + 1]!;
        if (lit === str[s]) {
          p += c === '\\' && p + 1 < pattern.length ? 2 : 1;
          s++;
          continue;
        }
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    s = ++starS;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Matches `ch` against the class opening at pattern[p] ('['); returns the index after the
 * class when it matches, else -1. An unterminated class extends to the end, as in Redis.
 */
function matchClass(pattern: string, p: number, ch: string): number {
  p++;
  const not = pattern[p] === '^';
  if (not) p++;
  let match = false;
  for (;;) {
    if (p >= pattern.length) {
      p--;
      break;
    }
    const c = pattern[p]!;
    if (c === ']') break;
    if (c === '\\' && p + 1 < pattern.length) {
      p++;
      if (pattern[p] === ch) match = true;
    } else if (pattern[p + 1] === '-' && p + 2 < pattern.length) {
      let start = c;
      let end = pattern[p + 2]!;
      if (start > end) [start, end] = [end, start];
      if (ch >= start && ch <= end) match = true;
      p += 2;
    } else if (c === ch) {
      match = true;
    }
    p++;
  }
  if (not) match = !match;
  return match ? p + 1 : -1;
}

/** Whether a pattern has glob characters (CONFIG GET answers plain names as given). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}
