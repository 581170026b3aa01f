import { describe, expect, it } from 'vitest';
import { killSwitchPolicy } from './kill-switch.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

describe('kill-switch policy', () => {
  const policy = killSwitchPolicy();
  const recipients = [anAgent('fraud', { killed: true }), anAgent('analyst')];

  it('excludes a killed recipient', () => {
    expect(policy.evaluate(aProposal(), aView(), recipients)).toEqual({
      verdict: 'LIMIT',
      reason: '1 recipient(s) stopped',
      excluded: [{ agent: 'fraud', reason: 'stopped by a kill switch' }],
    });
  });

  it('denies everything under the global kill switch', () => {
    expect(policy.evaluate(aProposal(), aView({ allKilled: true }), [anAgent('analyst')])).toEqual({
      verdict: 'DENY',
      reason: 'the global kill switch stops every agent',
    });
  });

  it('denies what a stopped agent still proposes', () => {
    const fromFraud = aProposal({ origin: 'proposed', envelope: { source: 'fraud' } });

    const result = policy.evaluate(fromFraud, aView({ killed: ['fraud'] }), [anAgent('analyst')]);

    expect(result).toEqual({ verdict: 'DENY', reason: 'the sender fraud is stopped by a kill switch' });
  });

  it('allows when nobody is stopped', () => {
    expect(policy.evaluate(aProposal(), aView(), [anAgent('analyst')]).verdict).toBe('ALLOW');
  });
});
