import { describe, expect, it } from 'vitest';
import { globMatch, isGlob } from '../src/glob.js';

describe('globMatch (Redis stringmatchlen)', () => {
  it('stars, question marks and literals', () => {
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('max*', 'maxmemory')).toBe(true);
    expect(globMatch('*mem*', 'maxmemory-policy')).toBe(true);
    expect(globMatch('h?', 'hz')).toBe(true);
    expect(globMatch('h?', 'h')).toBe(false);
    expect(globMatch('a*b*c', 'aXbYbZc')).toBe(true);
    expect(globMatch('a*b*c', 'aXbYbZ')).toBe(false);
  });

  it('classes, ranges, negation and escapes', () => {
    expect(globMatch('[a-c]z', 'bz')).toBe(true);
    expect(globMatch('[c-a]z', 'bz')).toBe(true);
    expect(globMatch('[^a]z', 'az')).toBe(false);
    expect(globMatch('[^a]z', 'bz')).toBe(true);
    expect(globMatch('\\*', '*')).toBe(true);
    expect(globMatch('\\*', 'x')).toBe(false);
    expect(globMatch('[\\]]', ']')).toBe(true);
    expect(globMatch('[abc', 'b')).toBe(true);
  });

  it('nocase folds both sides', () => {
    expect(globMatch('MAX*', 'maxmemory', true)).toBe(true);
    expect(globMatch('MAX*', 'maxmemory')).toBe(false);
  });

  it('many stars stay linear', () => {
    expect(globMatch('*a'.repeat(30) + 'b', 'a'.repeat(5000))).toBe(false);
  });

  it('isGlob', () => {
    expect(isGlob('maxmemory')).toBe(false);
    expect(isGlob('max*')).toBe(true);
    expect(isGlob('h?')).toBe(true);
    expect(isGlob('[ab]')).toBe(true);
  });
});
