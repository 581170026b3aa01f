import { describe, expect, it } from 'vitest';
import { consentPolicy } from './consent.ts';
import { aProposal, aView } from './test-support.ts';

describe('consent policy', () => {
  const policy = consentPolicy({
    required: { 'advice.*': ['advice'], 'advice.ProductOffered': ['marketing'] },
  });
  const evaluate = (type: string, consent: string[]) =>
    policy.evaluate(aProposal({ envelope: { type, consent } }), aView(), []);

  it('denies a type whose consent was not granted, naming what is missing', () => {
    expect(evaluate('advice.RecommendationMade', ['profiling'])).toEqual({
      verdict: 'DENY',
      reason: 'advice.RecommendationMade needs consent advice; granted profiling',
    });
  });

  it('adds up every matching rule', () => {
    expect(evaluate('advice.ProductOffered', ['advice']).reason).toBe(
      'advice.ProductOffered needs consent marketing; granted advice',
    );
    expect(evaluate('advice.ProductOffered', ['advice', 'marketing']).verdict).toBe('ALLOW');
  });

  it('allows granted consent and types that need none', () => {
    expect(evaluate('advice.RecommendationMade', ['advice']).verdict).toBe('ALLOW');
    expect(evaluate('fraud.RiskScored', [])).toEqual({
      verdict: 'ALLOW',
      reason: 'fraud.RiskScored needs no consent',
    });
  });
});
