import { describe, expect, it } from 'vitest';
import { classificationCeilingPolicy } from './classification-ceiling.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

describe('classification-ceiling policy', () => {
  const policy = classificationCeilingPolicy();
  const recipients = [
    anAgent('advisor', { clearance: 'INTERNAL' }),
    anAgent('fraud', { clearance: 'PII' }),
    anAgent('compliance', { clearance: 'SECRET' }),
  ];

  it('excludes recipients cleared below the record', () => {
    // given a PII record for agents cleared INTERNAL, PII and SECRET
    const proposal = aProposal({ envelope: { classification: 'PII' } });
    // when evaluated
    const result = policy.evaluate(proposal, aView(), recipients);
    // then only the INTERNAL agent is excluded
    expect(result).toEqual({
      verdict: 'LIMIT',
      reason: '1 recipient(s) below PII',
      excluded: [{ agent: 'advisor', reason: 'clearance INTERNAL is below PII' }],
    });
  });

  it('excludes everyone but SECRET agents from a SECRET record', () => {
    const result = policy.evaluate(
      aProposal({ envelope: { classification: 'SECRET' } }),
      aView(),
      recipients,
    );
    expect(result.verdict === 'LIMIT' && result.excluded.map((e) => e.agent)).toEqual(['advisor', 'fraud']);
  });

  it('allows when every recipient is cleared', () => {
    expect(
      policy.evaluate(aProposal({ envelope: { classification: 'INTERNAL' } }), aView(), recipients),
    ).toEqual({
      verdict: 'ALLOW',
      reason: 'every recipient is cleared for INTERNAL',
    });
  });

  it('denies a classification outside the scale', () => {
    const proposal = aProposal({ envelope: { classification: 'TOP-SECRET' as 'SECRET' } });
    expect(policy.evaluate(proposal, aView(), recipients).verdict).toBe('DENY');
  });
});
