import { describe, expect, it } from 'vitest';
import { maxLengthPolicy } from './max-length.ts';
import { aProposal, aTransaction, aView } from './test-support.ts';

describe('max-length policy', () => {
  const policy = maxLengthPolicy({ maxBytes: 1_000, maxStringChars: 50 });

  it('denies a record above maxBytes', () => {
    // given a record one byte over the limit
    const proposal = aProposal({ sizeBytes: 1_001 });
    // when it is evaluated
    const result = policy.evaluate(proposal, aView(), []);
    // then it is denied, naming the size
    expect(result).toEqual({ verdict: 'DENY', reason: 'record is 1001 bytes, above the 1000-byte limit' });
  });

  it('denies a payload field longer than maxStringChars, naming the field not the value', () => {
    const proposal = aProposal({ payload: { ...aTransaction(), memo: 'x'.repeat(51) } });
    const result = policy.evaluate(proposal, aView(), []);
    expect(result).toEqual({
      verdict: 'DENY',
      reason: 'field memo has 51 characters, above the 50-character limit',
    });
  });

  it('allows a record at the limits', () => {
    const proposal = aProposal({ sizeBytes: 1_000, payload: { ...aTransaction(), memo: 'x'.repeat(50) } });
    expect(policy.evaluate(proposal, aView(), []).verdict).toBe('ALLOW');
  });

  it('denies a size that is not a number rather than letting it through', () => {
    const proposal = aProposal({ sizeBytes: Number.NaN });
    expect(policy.evaluate(proposal, aView(), []).verdict).toBe('DENY');
  });
});
