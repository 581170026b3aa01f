import { describe, expect, it } from 'vitest';
import { rbacPolicy } from './rbac.ts';
import { aProposal, aView } from './test-support.ts';

describe('rbac policy', () => {
  const policy = rbacPolicy({
    rules: {
      'human.DecisionRecorded': ['compliance-officer'],
      'banking.*': ['system'],
      'incident.*': ['*'],
    },
  });
  const evaluate = (type: string, roles: string[]) =>
    policy.evaluate(aProposal({ envelope: { type, actor: { roles } } }), aView(), []);

  it('allows an actor holding a role the first matching rule names', () => {
    expect(evaluate('banking.TransactionPosted', ['system'])).toEqual({
      verdict: 'ALLOW',
      reason: 'role system may cause banking.TransactionPosted (rule banking.*)',
    });
  });

  it('denies an actor without such a role, saying what was needed', () => {
    expect(evaluate('banking.TransactionPosted', ['customer'])).toEqual({
      verdict: 'DENY',
      reason: 'banking.TransactionPosted needs one of system (rule banking.*); actor has customer',
    });
  });

  it('keeps maker-checker: a customer cannot record a human decision', () => {
    expect(evaluate('human.DecisionRecorded', ['customer', 'advisor']).verdict).toBe('DENY');
    expect(evaluate('human.DecisionRecorded', ['compliance-officer']).verdict).toBe('ALLOW');
  });

  it('denies a type no rule covers, by default', () => {
    expect(evaluate('evil.ExfiltrationRequested', ['admin'])).toEqual({
      verdict: 'DENY',
      reason: 'no rule covers evil.ExfiltrationRequested',
    });
  });

  it('allows an unmatched type when configured to, and any actor for a `*` role', () => {
    const open = rbacPolicy({ unmatched: 'allow' });
    expect(open.evaluate(aProposal(), aView(), []).verdict).toBe('ALLOW');
    expect(evaluate('incident.FallbackUsed', []).verdict).toBe('ALLOW');
  });
});
