/**
 * The x87 80-bit `long double` that Redis 7.0 uses for INCRBYFLOAT on x86_64 Linux, emulated
 * exactly with BigInt.
 *
 * Redis parses both operands with glibc's strtold (util.c string2ld), adds them in long double
 * and stores the sum printed with "%.17Lf", trailing zeros trimmed (ld2string LD_STR_HUMAN). A
 * JS double has 53 mantissa bits where long double has 64, and a range up to ~1.19e4932 instead
 * of ~1.8e308, so 5000 + 0.02 prints as 5000.02000000000000002 and 1e308 + 1e308 is finite.
 *
 * A finite value is `m * 2^e` with m a (signed) BigInt of at most 64 bits. Parsing and adding
 * compute the exact result first and round once, to nearest with ties to even, as IEEE and
 * glibc do; subnormals go down to 2^-16445 and anything at or above 2^16384 is infinite.
 * Printing is exact too: glibc's printf rounds the exact binary value, ties to even.
 */

export interface LongDouble {
  readonly m: bigint;
  readonly e: number;
}

/** A long double, or an infinity (a JS number only ever holds ±Infinity or NaN here). */
export type LongDoubleValue = LongDouble | number;

const MANTISSA_BITS = 64;
/** The weight of the lowest subnormal bit. */
const MIN_QUANTUM = -16445;
/** Every finite long double is below 2^16384. */
const MAX_BINARY_EXP = 16384;
/** Decimal magnitudes beyond which a value surely overflows or rounds to zero. */
const MAX_DECIMAL_MAG = 4934;
const MIN_DECIMAL_MAG = -4952;
/** util.c MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs this long. */
const MAX_CHARS = 5 * 1024;

export const ZERO: LongDouble = { m: 0n, e: 0 };

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/**
 * Rounds `m * 2^e` to the nearest long double, ties to even. `sticky` says the true value is a
 * little more than |m| * 2^e (a nonzero remainder was dropped below the lowest bit of m); the
 * caller then gives m at least two bits more than the result keeps.
 */
function round(m: bigint, e: number, sticky = false): LongDoubleValue {
  if (m === 0n) return ZERO;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const quantum = Math.max(e + bitLength(a) - MANTISSA_BITS, MIN_QUANTUM);
  if (quantum > e) {
    const shift = BigInt(quantum - e);
    const kept = a >> shift;
    const rest = a - (kept << shift);
    const half = 1n << (shift - 1n);
    a = rest > half || (rest === half && (sticky || (kept & 1n) === 1n)) ? kept + 1n : kept;
    e = quantum;
  }
  if (a === 0n) return ZERO;
  if (bitLength(a) + e > MAX_BINARY_EXP) return neg ? -Infinity : Infinity;
  return { m: neg ? -a : a, e };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/** A decimal exponent as a number, saturated far outside any finite long double's range. */
function exponent(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  return Math.abs(n) > 1e9 ? Math.sign(n) * 1e9 : n;
}

/**
 * Redis's string2ld: the whole string must be one strtold number, without leading space; a NaN,
 * an overflow (HUGE_VAL) or an underflow to zero is refused. "inf" is accepted (INCRBYFLOAT then
 * reports the infinite sum). Returns null when refused.
 */
export function parseLongDouble(s: string): LongDoubleValue | null {
  if (s.length === 0 || s.length >= MAX_CHARS) return null;
  let match = DECIMAL.exec(s);
  if (match !== null) {
    const int = match[2]!;
    const frac = match[3] ?? '';
    if (int.length === 0 && frac.length === 0) return null;
    const digits = (int + frac).replace(/^0+/, '');
    if (digits.length === 0) return ZERO;
    const k = exponent(match[4]) - frac.length;
    const magnitude = k + digits.length;
    if (magnitude > MAX_DECIMAL_MAG || magnitude < MIN_DECIMAL_MAG) return null;
    const d = BigInt(digits);
    const sign = match[1] === '-' ? -1n : 1n;
    let v: LongDoubleValue;
    if (k >= 0) {
      v = round(sign * d * 10n ** BigInt(k), 0);
    } else {
      // Divide with enough quotient bits (>= 66) that the remainder only matters as a sticky bit.
      const den = 10n ** BigInt(-k);
      const s2 = Math.max(0, MANTISSA_BITS + 2 + bitLength(den) - bitLength(d));
      const num = d << BigInt(s2);
      const q = num / den;
      v = round(sign * q, -s2, q * den !== num);
    }
    return finiteNonZero(v);
  }
  match = HEX.exec(s);
  if (match !== null) {
    const int = match[2]!;
    const frac = match[3] ?? '';
    if (int.length === 0 && frac.length === 0) return null;
    const h = BigInt('0x' + (int + frac || '0'));
    if (h === 0n) return ZERO;
    const e = exponent(match[4]) - 4 * frac.length;
    const top = e + bitLength(h);
    if (top > MAX_BINARY_EXP + 1 || top < MIN_QUANTUM - 1) return null;
    return finiteNonZero(round(match[1] === '-' ? -h : h, e));
  }
  match = INFINITY.exec(s);
  if (match !== null) return match[1] === '-' ? -Infinity : Infinity;
  return null;
}

/** strtold's ERANGE cases: a nonzero input that overflowed or rounded to zero. */
function finiteNonZero(v: LongDoubleValue): LongDoubleValue | null {
  return typeof v === 'number' || v.m === 0n ? null : v;
}

/** a + b in long double: ±Infinity or NaN when not finite. */
export function addLongDouble(a: LongDoubleValue, b: LongDoubleValue): LongDoubleValue {
  if (typeof a === 'number' || typeof b === 'number') {
    return (typeof a === 'number' ? a : 0) + (typeof b === 'number' ? b : 0);
  }
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  return round((a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e);
}

const SCALE = 10n ** 17n;

/** Redis's ld2string(LD_STR_HUMAN): "%.17Lf", trailing zeros and a bare '.' removed, "-0" as "0". */
export function formatLongDouble(v: LongDouble): string {
  const neg = v.m < 0n;
  const a = neg ? -v.m : v.m;
  let scaled: bigint;
  if (v.e >= 0) {
    scaled = (a << BigInt(v.e)) * SCALE;
  } else {
    const num = a * SCALE;
    const shift = BigInt(-v.e);
    const q = num >> shift;
    const rest = num - (q << shift);
    const half = 1n << (shift - 1n);
    scaled = rest > half || (rest === half && (q & 1n) === 1n) ? q + 1n : q;
  }
  const digits = scaled.toString().padStart(18, '0');
  const frac = digits.slice(-17).replace(/0+$/, '');
  const text = frac.length > 0 ? `${digits.slice(0, -17)}.${frac}` : digits.slice(0, -17);
  return neg && text !== '0' ? '-' + text : text;
}
