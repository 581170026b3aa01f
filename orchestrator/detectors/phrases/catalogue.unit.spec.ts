import { describe, expect, it } from 'vitest';
import { phraseMatcher } from '../phraseMatcher.ts';
import { PHRASE_RULES, ROLE_TAGS } from './index.ts';

describe('the phrase catalogue', () => {
  it('compiles: every pattern parses and every prefix is specific enough', () => {
    expect(() => phraseMatcher(PHRASE_RULES)).not.toThrow();
  });

  it('gives each rule a unique id and a weight between 0 and 1', () => {
    const ids = PHRASE_RULES.map(({ id }) => id);

    expect(new Set(ids).size).toBe(ids.length);
    expect(PHRASE_RULES.filter(({ weight }) => weight <= 0 || weight > 1)).toEqual([]);
  });

  it('writes role tags in lower case, as the folded layout text is', () => {
    expect(ROLE_TAGS.filter(({ tag }) => tag !== tag.toLowerCase())).toEqual([]);
  });
});
