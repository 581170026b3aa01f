import { describe, expect, it } from 'vitest';
import {
  escalateOnTimeout,
  mayReview,
  recordDecision,
  requiredApprovals,
  requiredRole,
  type Escalation,
  type HumanDecision,
} from './handoff.ts';

const rules = {
  reviewerRoles: ['compliance-reviewer', 'compliance-officer', 'head-of-compliance'],
  dualApprovalAboveMinor: 100_000_00,
};
const open = (overrides: Partial<Escalation> = {}): Escalation => ({
  level: 1,
  requiredApprovals: 1,
  excludedApprovers: ['maker-mia', 'advisor', 'cust-1'],
  approvals: [],
  status: 'pending',
  ...overrides,
});
const by = (
  who: string,
  verdict: HumanDecision['verdict'] = 'APPROVE',
  roles = ['compliance-reviewer'],
): HumanDecision => ({ approverId: who, actorId: who, actorRoles: roles, verdict });

describe('handoff (maker-checker)', () => {
  it('refuses self-approval: the proposer may not approve, even holding the reviewer role', () => {
    const result = recordDecision(open(), by('maker-mia'), rules);
    expect(result).toMatchObject({
      kind: 'refused',
      reason: 'maker-checker: maker-mia is a party to the proposal and may not review it',
    });
    expect(result.escalation).toEqual(open());
  });

  it('refuses the customer and the proposing agent as approvers too', () => {
    expect(recordDecision(open(), by('cust-1'), rules).kind).toBe('refused');
    expect(recordDecision(open(), by('advisor'), rules).kind).toBe('refused');
  });

  it('refuses an approver without a reviewer role', () => {
    expect(recordDecision(open(), by('rick', 'APPROVE', ['advisor']), rules)).toMatchObject({
      kind: 'refused',
      reason: 'level 1 needs the role compliance-reviewer or above',
    });
  });

  it('refuses a decision whose approver is not the acting user', () => {
    const forged = { ...by('rita'), actorId: 'maker-mia' };
    expect(recordDecision(open(), forged, rules)).toMatchObject({
      kind: 'refused',
      reason: 'approver rita is not the acting user maker-mia',
    });
  });

  it('approves with one qualified, independent approval at or below the dual-approval threshold', () => {
    expect(requiredApprovals(100_000_00, rules)).toBe(1);
    expect(recordDecision(open(), by('rita'), rules)).toMatchObject({
      kind: 'approved',
      escalation: { status: 'approved', approvals: ['rita'] },
    });
  });

  it('above the threshold, needs two distinct approvals: the same reviewer twice does not count', () => {
    expect(requiredApprovals(100_000_01, rules)).toBe(2);
    const first = recordDecision(open({ requiredApprovals: 2 }), by('rita'), rules);
    expect(first).toMatchObject({ kind: 'awaiting', remaining: 1 });

    const again = recordDecision(first.escalation, by('rita'), rules);
    expect(again).toMatchObject({
      kind: 'refused',
      reason: 'rita has already approved; the next approval must come from another reviewer',
    });

    const second = recordDecision(first.escalation, by('omar'), rules);
    expect(second).toMatchObject({
      kind: 'approved',
      escalation: { approvals: ['rita', 'omar'], status: 'approved' },
    });
  });

  it('compares people by subject key: a zero-width or case variant is neither a new checker nor a second approver', () => {
    expect(recordDecision(open(), by('Maker-Mia\u200b'), rules)).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/^maker-checker: /) as string,
    });
    const first = recordDecision(open({ requiredApprovals: 2 }), by('rita'), rules);
    expect(recordDecision(first.escalation, by('RITA\u200b'), rules)).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/has already approved/) as string,
    });
  });

  it('one qualified rejection rejects, and a closed escalation takes no more decisions', () => {
    const rejected = recordDecision(open({ requiredApprovals: 2 }), by('rita', 'REJECT'), rules);
    expect(rejected).toMatchObject({ kind: 'rejected', escalation: { status: 'rejected' } });
    expect(recordDecision(rejected.escalation, by('omar'), rules)).toMatchObject({
      kind: 'refused',
      reason: 'the escalation is already rejected',
    });
  });

  it('a timeout escalates one level, keeps the approvals, and never approves by itself', () => {
    const halfway = open({ requiredApprovals: 2, approvals: ['rita'] });
    const raised = escalateOnTimeout(escalateOnTimeout(halfway));
    expect(raised).toEqual({ ...halfway, level: 3, status: 'pending' });
    expect(escalateOnTimeout(open({ status: 'approved' }))).toEqual(open({ status: 'approved' }));
  });

  it('at a higher level, the lower role no longer qualifies; higher roles qualify for every level below', () => {
    expect(requiredRole(2, rules)).toBe('compliance-officer');
    expect(mayReview(['compliance-reviewer'], 2, rules)).toBe(false);
    expect(mayReview(['compliance-officer'], 1, rules)).toBe(true);
    expect(requiredRole(7, rules)).toBe('head-of-compliance');
    expect(mayReview(['head-of-compliance'], 7, rules)).toBe(true);
  });
});
