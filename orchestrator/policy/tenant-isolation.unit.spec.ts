import { describe, expect, it } from 'vitest';
import { tenantIsolationPolicy } from './tenant-isolation.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

describe('tenant-isolation policy', () => {
  const policy = tenantIsolationPolicy({
    tenants: ['retail-*', 'private-*'],
    agents: { 'private-advisor': ['private-*'] },
  });
  const recipients = [anAgent('private-advisor'), anAgent('analyst')];
  const forTenant = (tenantId: string) => aProposal({ envelope: { actor: { tenantId } } });

  it('excludes an agent pinned to other tenants', () => {
    expect(policy.evaluate(forTenant('retail-eu'), aView(), recipients)).toEqual({
      verdict: 'LIMIT',
      reason: '1 recipient(s) serve other tenants',
      excluded: [{ agent: 'private-advisor', reason: 'pinned to private-*, not retail-eu' }],
    });
  });

  it('delivers to the pinned agent for its own tenant', () => {
    expect(policy.evaluate(forTenant('private-ch'), aView(), recipients).verdict).toBe('ALLOW');
  });

  it("denies a record of another tenant than its workflow's, naming both", () => {
    const view = aView({ workflowTenants: { 'wf-0001': 'retail-eu' } });
    expect(policy.evaluate(forTenant('private-ch'), view, recipients)).toEqual({
      verdict: 'DENY',
      reason: 'workflow wf-0001 belongs to tenant retail-eu, not private-ch',
    });
    expect(policy.evaluate(forTenant('retail-eu'), view, recipients).verdict).toBe('LIMIT');
  });

  it('denies a tenant this gate does not serve, and a missing tenant', () => {
    expect(policy.evaluate(forTenant('other-bank'), aView(), recipients).reason).toBe(
      'tenant other-bank is not served here (retail-*, private-*)',
    );
    expect(policy.evaluate(forTenant(' '), aView(), recipients)).toEqual({
      verdict: 'DENY',
      reason: 'actor.tenantId is missing',
    });
  });
});
