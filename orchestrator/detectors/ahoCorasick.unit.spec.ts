import { describe, expect, it } from 'vitest';
import { keywordMatcher } from './ahoCorasick.ts';

describe('keywordMatcher', () => {
  it('finds every keyword present, overlapping ones and ones inside others included', () => {
    const matcher = keywordMatcher(['he', 'she', 'his', 'hers', 'xyz']);

    const found = matcher.matchedKeywords('ushers');

    expect([...found].sort()).toEqual([0, 1, 3]);
  });

  it('follows failure links after a partial match', () => {
    const matcher = keywordMatcher(['abcd', 'bce']);

    expect([...matcher.matchedKeywords('abce')]).toEqual([1]);
  });

  it('matches text outside the Basic Multilingual Plane unit by unit', () => {
    const matcher = keywordMatcher(['a😀b']);

    expect([...matcher.matchedKeywords('xa😀by')]).toEqual([0]);
  });

  it('finds nothing in text without keywords', () => {
    expect(keywordMatcher(['ignore']).matchedKeywords('ignor ignoe').size).toBe(0);
  });
});
