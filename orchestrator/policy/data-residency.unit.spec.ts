import { describe, expect, it } from 'vitest';
import { dataResidencyPolicy } from './data-residency.ts';
import { aProposal, aView } from './test-support.ts';

describe('data-residency policy', () => {
  const policy = dataResidencyPolicy({
    regions: ['EU', 'IN', 'US'],
    tenants: { 'retail-in': ['IN'], 'private-*': ['EU', 'CH'] },
  });
  const evaluate = (tenantId: string, region: string) =>
    policy.evaluate(aProposal({ envelope: { actor: { tenantId, region } } }), aView(), []);

  it('denies a region outside the tenant’s own list even when the global list has it', () => {
    expect(evaluate('retail-in', 'EU')).toEqual({
      verdict: 'DENY',
      reason: 'region EU is outside IN allowed for tenant retail-in',
    });
  });

  it('allows a region in the tenant’s list, matched by glob', () => {
    expect(evaluate('private-ch', 'CH').verdict).toBe('ALLOW');
  });

  it('falls back to the global list for other tenants', () => {
    expect(evaluate('retail-eu', 'US').verdict).toBe('ALLOW');
    expect(evaluate('retail-eu', 'CN')).toEqual({
      verdict: 'DENY',
      reason: 'region CN is outside EU, IN, US allowed for this gate',
    });
  });

  it('allows nothing when no region is configured', () => {
    expect(dataResidencyPolicy().evaluate(aProposal(), aView(), []).verdict).toBe('DENY');
  });
});
