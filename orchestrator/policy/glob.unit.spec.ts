import { describe, expect, it } from 'vitest';
import { allMatchingRules, firstMatchingRule, matchesGlob } from './glob.ts';

describe('globs', () => {
  it('matches literals exactly and `*` across any characters, dots included', () => {
    expect(matchesGlob('banking.TransactionPosted', 'banking.TransactionPosted')).toBe(true);
    expect(matchesGlob('banking.*', 'banking.TransactionPosted')).toBe(true);
    expect(matchesGlob('banking.*', 'bankingXTransactionPosted')).toBe(false);
    expect(matchesGlob('*.RecommendationMade', 'advice.RecommendationMade')).toBe(true);
    expect(matchesGlob('a*b*c', 'abc')).toBe(true);
    expect(matchesGlob('a*b*c', 'acb')).toBe(false);
    expect(matchesGlob('ab*ba', 'aba')).toBe(false);
    expect(matchesGlob('*', '')).toBe(true);
  });

  it('takes the first matching rule in order, or all of them', () => {
    const rules = { 'human.*': 'checker', '*': 'anyone' };
    expect(firstMatchingRule(rules, 'human.DecisionRecorded')).toEqual({
      pattern: 'human.*',
      value: 'checker',
    });
    expect(allMatchingRules(rules, 'human.DecisionRecorded')).toEqual(['checker', 'anyone']);
  });

  // A backtracking matcher would not return on this within the test timeout.
  it('answers adversarial patterns and inputs', () => {
    const pattern = `${'*a'.repeat(50)}*b`;
    expect(matchesGlob(pattern, 'a'.repeat(200_000))).toBe(false);
    expect(matchesGlob(pattern, `${'a'.repeat(200_000)}b`)).toBe(true);
  });
});
