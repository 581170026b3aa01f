import { describe, expect, it } from 'vitest';
import { budgetPolicy } from './budget.ts';
import { aProposal, aView } from './test-support.ts';

describe('budget policy', () => {
  const policy = budgetPolicy({ defaultMicros: 1_000, byType: { 'advice.*': 5_000 } });
  const evaluate = (type: string, costMicros: number, spentMicros: number) =>
    policy.evaluate(aProposal({ envelope: { type, costMicros } }), aView({ spentMicros }), []);

  it('denies a record that would take the workflow past its budget', () => {
    // given a workflow that spent 900 of 1000 micros, when a record costing 101 arrives
    const result = evaluate('fraud.RiskScored', 101, 900);
    // then it is denied with the arithmetic
    expect(result).toEqual({
      verdict: 'DENY',
      reason: 'workflow would spend 1001 micros (900 spent + 101), above its budget of 1000',
    });
  });

  it('allows spending up to the budget exactly', () => {
    expect(evaluate('fraud.RiskScored', 100, 900)).toEqual({
      verdict: 'ALLOW',
      reason: 'workflow at 1000 of 1000 micros',
    });
  });

  it('picks the budget by event type', () => {
    expect(evaluate('advice.RecommendationMade', 1_000, 3_000).verdict).toBe('ALLOW');
  });

  it('denies a negative cost that would refill the budget', () => {
    expect(evaluate('fraud.RiskScored', -5_000, 900).reason).toBe(
      'costMicros -5000 is not a non-negative integer',
    );
  });
});
