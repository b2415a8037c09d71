import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDoubleValue } from '../../src/commands/long-double.js';

/** INCRBYFLOAT's arithmetic without a server: the stored text after value + increment. */
function incrbyfloat(value: string, increment: string): string {
  const sum = addLongDouble(parseLongDouble(value)!, parseLongDouble(increment)!);
  if (typeof sum === 'number') return String(sum);
  return formatLongDouble(sum);
}

const parsed = (s: string): LongDoubleValue | null => parseLongDouble(s);

describe('long double (x87 80-bit) as Redis uses it for INCRBYFLOAT', () => {
  // Expected texts were taken from redis-server 7.0.15 on x86_64.
  it('INCRBYFLOAT - sums print with %.17Lf, trailing zeros trimmed', () => {
    expect(incrbyfloat('10.5', '0.1')).toBe('10.6');
    expect(incrbyfloat('3.0e3', '0')).toBe('3000');
    expect(incrbyfloat('5.0e3', '2.0e-2')).toBe('5000.02000000000000002');
    expect(incrbyfloat('0.1', '0.2')).toBe('0.3');
    expect(incrbyfloat('0', '0x10')).toBe('16');
    expect(incrbyfloat('16', '1e-4940')).toBe('16');
  });

  it('INCRBYFLOAT - long double range goes far beyond a double', () => {
    const twice = incrbyfloat('1e308', '1e308');
    expect(twice).toHaveLength(309);
    expect(twice.startsWith('199999999999999999993371759311691291321')).toBe(true);
    const huge = incrbyfloat('0', '1e4000');
    expect(huge).toHaveLength(4000);
    expect(huge.startsWith('999999999999999999996546387309962378493')).toBe(true);
  });

  it('INCRBYFLOAT - exact ties round to even, as glibc printf does', () => {
    expect(incrbyfloat('0', '0.000003814697265625')).toBe('0.00000381469726562');
    expect(incrbyfloat('0', '0.000011444091796875')).toBe('0.00001144409179688');
  });

  it('INCRBYFLOAT - a negative zero prints as 0', () => {
    expect(incrbyfloat('0', '-0.0')).toBe('0');
    expect(incrbyfloat('0', '-1e-30')).toBe('0');
    expect(incrbyfloat('0', '-0.000000000000000005')).toBe('0');
    expect(incrbyfloat('0', '-0.000000000000000006')).toBe('-0.00000000000000001');
  });

  it('strtold rules - what string2ld accepts and refuses', () => {
    for (const ok of ['1', '+.5', '5.', '-0', '0x1.8p1', '0x.8', '1e-4940', '00012.5000', 'inf', '-INFINITY']) {
      expect(parsed(ok), ok).not.toBeNull();
    }
    for (const bad of ['', ' 1', '1 ', '.', '0x', '1e', 'nan', 'infinit', '1e5000', '1e-5000', '1.5\0abc', '\0', 'a'.repeat(5120)]) {
      expect(parsed(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('overflow - the sum of two finite values can be infinite', () => {
    expect(incrbyfloat('-1.1e4932', '-1.1e4932')).toBe('-Infinity');
    expect(incrbyfloat('inf', '-inf')).toBe('NaN');
  });
});
