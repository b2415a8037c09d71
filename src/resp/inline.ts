/**
 * Splits an inline command line exactly as Redis's sdssplitargs(): whitespace separates
 * arguments; "double quotes" understand \n \r \t \b \a \xHH and \<any>; 'single quotes'
 * understand only \'; a closing quote must be followed by whitespace or the end of the line.
 * Returns null for unbalanced quotes. Input and output are latin1 strings (one char per byte).
 */
export function splitInlineArgs(line: string): string[] | null {
  const args: string[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && isSpace(line.charCodeAt(p))) p++;
    if (p >= n || line.charCodeAt(p) === 0) return args;
    let inDouble = false;
    let inSingle = false;
    let current = '';
    for (let done = false; !done; ) {
      const c = p < n ? line.charCodeAt(p) : 0;
      if (inDouble) {
        if (c === 0x5c && p + 3 < n && line[p + 1] === 'x' && isHex(line.charCodeAt(p + 2)) && isHex(line.charCodeAt(p + 3))) {
          current += String.fromCharCode(parseInt(line.slice(p + 2, p + 4), 16));
          p += 3;
        } else if (c === 0x5c && p + 1 < n) {
          p++;
          const e = line[p]!;
          current += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === 0x22) {
          if (p + 1 < n && !isSpace(line.charCodeAt(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += line[p];
        }
      } else if (inSingle) {
        if (c === 0x5c && p + 1 < n && line[p + 1] === "'") {
          p++;
          current += "'";
        } else if (c === 0x27) {
          if (p + 1 < n && !isSpace(line.charCodeAt(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += line[p];
        }
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0) {
        done = true;
      } else if (c === 0x22) {
        inDouble = true;
      } else if (c === 0x27) {
        inSingle = true;
      } else {
        current += line[p];
      }
      if (p < n && c !== 0) p++;
    }
    args.push(current);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
