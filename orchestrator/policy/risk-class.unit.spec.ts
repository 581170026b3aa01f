import { describe, expect, it } from 'vitest';
import { riskClassPolicy } from './risk-class.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

describe('risk-class policy', () => {
  const policy = riskClassPolicy({ highRiskRoles: ['advisor', 'admin'] });
  const recipients = [
    anAgent('aml-monitor', { riskClass: 'HIGH' }),
    anAgent('fraud', { riskClass: 'MEDIUM' }),
    anAgent('treasury', { requiredRoles: ['treasury', 'admin'] }),
  ];
  const forActor = (roles: string[]) => aProposal({ envelope: { actor: { roles } } });

  it('excludes a HIGH-risk agent for an actor without an advisor or admin role', () => {
    // given a customer actor
    const result = policy.evaluate(forActor(['customer']), aView(), recipients);
    // then the HIGH-risk agent and the agent requiring roles are excluded, the MEDIUM one is not
    expect(result).toEqual({
      verdict: 'LIMIT',
      reason: '2 recipient(s) may not act for this actor',
      excluded: [
        { agent: 'aml-monitor', reason: 'HIGH-risk agent acts only for advisor, admin; actor has customer' },
        { agent: 'treasury', reason: 'agent requires role treasury, admin' },
      ],
    });
  });

  it('requires every one of an agent’s requiredRoles', () => {
    const result = policy.evaluate(forActor(['advisor', 'treasury']), aView(), recipients);
    expect(result.verdict === 'LIMIT' && result.excluded).toEqual([
      { agent: 'treasury', reason: 'agent requires role admin' },
    ]);
  });

  it('allows every recipient for an actor holding the roles', () => {
    expect(policy.evaluate(forActor(['admin', 'treasury']), aView(), recipients).verdict).toBe('ALLOW');
  });
});
