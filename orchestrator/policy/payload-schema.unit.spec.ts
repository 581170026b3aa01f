import { describe, expect, it } from 'vitest';
import { payloadSchemaPolicy } from './payload-schema.ts';
import { aProposal, aView } from './test-support.ts';

describe('payload-schema policy', () => {
  const policy = payloadSchemaPolicy();

  it('denies a payload that failed to decode, with the decoder error', () => {
    // given a payload the schema registry decoder rejected
    const proposal = aProposal({ payload: null, payloadError: 'invalid union index 7' });
    // when evaluated, then it is denied with the error
    expect(policy.evaluate(proposal, aView(), [])).toEqual({
      verdict: 'DENY',
      reason: 'payload does not decode as banking.TransactionPosted: invalid union index 7',
    });
  });

  it('denies a missing payload even without an error', () => {
    expect(policy.evaluate(aProposal({ payload: null }), aView(), []).reason).toBe('payload is not a record');
  });

  it('allows a decoded payload', () => {
    expect(policy.evaluate(aProposal(), aView(), []).verdict).toBe('ALLOW');
  });
});
