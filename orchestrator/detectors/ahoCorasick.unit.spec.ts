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

  it('finds in parts and across their boundaries what it finds in the whole text', () => {
    const matcher = keywordMatcher(['he', 'she', 'his', 'hers', 'ushe', 'rs']);
    const text = 'ushershishe';

    for (let cut = 0; cut <= text.length; cut++) {
      const parts = [text.slice(0, cut), text.slice(cut)];
      const across = matcher.matchedAcross(
        text,
        [cut],
        parts.map((part) => matcher.matchedKeywords(part)),
      );
      expect([...across].sort()).toEqual([...matcher.matchedKeywords(text)].sort());
    }
  });

  it('visits every occurrence with where it ends, in text order', () => {
    const matcher = keywordMatcher(['ab', 'b', 'xy']);
    const seen: [number, number][] = [];

    matcher.forEachMatch('abxab', (index, end) => seen.push([index, end]));

    expect(seen).toEqual([
      [0, 2],
      [1, 2],
      [0, 5],
      [1, 5],
    ]);
  });
});
