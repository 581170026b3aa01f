import { describe, expect, it } from 'vitest';
import type { Confidence } from '../../schemas/generated/types.ts';
import { explainabilityPolicy } from './explainability.ts';
import { aProposal, aView } from './test-support.ts';

describe('explainability policy', () => {
  const policy = explainabilityPolicy({ types: ['advice.*'], minRationaleChars: 10 });
  const evaluate = (confidence: Confidence | null, type = 'advice.RecommendationMade') =>
    policy.evaluate(
      aProposal({ origin: 'proposed', envelope: { type, source: 'advisor', hops: 2, confidence } }),
      aView(),
      [],
    );

  it('denies a recommendation without a confidence', () => {
    expect(evaluate(null)).toEqual({
      verdict: 'DENY',
      reason: 'advice.RecommendationMade carries no confidence',
    });
  });

  it('denies a blank rationale', () => {
    expect(evaluate({ outcome: 'CONFIDENT', score: 0.9, rationale: '    ' }).verdict).toBe('DENY');
  });

  it('denies a score outside [0, 1]', () => {
    expect(evaluate({ outcome: 'CONFIDENT', score: 7, rationale: 'spending doubled in March' }).reason).toBe(
      'confidence score 7 is outside [0, 1]',
    );
  });

  it('allows a rationale, also for an agent that could not decide', () => {
    expect(
      evaluate({
        outcome: 'CONFIDENT',
        score: 0.8,
        rationale: 'salary arrives monthly; overdraft fees in 3 of 6 months',
      }).verdict,
    ).toBe('ALLOW');
    expect(
      evaluate({ outcome: 'COULD_NOT', score: 0, rationale: 'no transaction history yet' }).verdict,
    ).toBe('ALLOW');
  });

  it('does not ask other types for a rationale', () => {
    expect(evaluate(null, 'fraud.RiskScored').verdict).toBe('ALLOW');
  });
});
