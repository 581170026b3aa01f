import { describe, expect, it } from 'vitest';
import { hopLimitPolicy } from './hop-limit.ts';
import { aProposal, aView } from './test-support.ts';

describe('hop-limit policy', () => {
  const policy = hopLimitPolicy({ maxHops: 5 });
  const evaluate = (hops: number, origin: 'ingress' | 'proposed' = 'proposed') =>
    policy.evaluate(aProposal({ origin, envelope: { hops } }), aView(), []);

  it('denies a record beyond the hop limit', () => {
    expect(evaluate(6)).toEqual({ verdict: 'DENY', reason: '6 hops, above the limit of 5' });
  });

  it('denies an agent output that resets its hop count', () => {
    expect(evaluate(0)).toEqual({ verdict: 'DENY', reason: 'an agent output must count at least one hop' });
  });

  it('denies a negative hop count', () => {
    expect(evaluate(-1, 'ingress').verdict).toBe('DENY');
  });

  it('allows upstream records at zero hops and outputs within the limit', () => {
    expect(evaluate(0, 'ingress').verdict).toBe('ALLOW');
    expect(evaluate(5)).toEqual({ verdict: 'ALLOW', reason: '5 of 5 hops' });
  });
});
