import { describe, expect, it } from 'vitest';
import type { RecommendationMade } from '../../schemas/generated/types.ts';
import type { EventActor, EventConfidence, Proposed } from '../decider.ts';
import { workflow } from '../testing/events.ts';
import { given, ofType } from '../testing/spec.ts';
import { createCompliance } from './compliance.ts';

// Escalates below confidence 0.7 or above 50,000.00; two approvals above 100,000.00.
const compliance = createCompliance();
const event = workflow('wf-review');
const maker: EventActor = {
  userId: 'maker-mia',
  roles: ['advisor', 'compliance-reviewer'],
  tenantId: 'bank-1',
  region: 'EU',
};
const reviewer = (userId: string, roles = ['compliance-reviewer']): EventActor => ({
  ...maker,
  userId,
  roles,
});

function recommendation(
  valueAtStakeMinor: number,
  confidence: EventConfidence | null = { outcome: 'CONFIDENT', score: 0.9, rationale: 'fits' },
) {
  const payload: RecommendationMade = {
    requestId: 'req-1',
    customerId: 'cust-1',
    recommendation: 'We recommend an index fund.',
    rationale: 'Long horizon, diversified.',
    valueAtStakeMinor,
    currency: 'EUR',
    model: 'gpt-4o',
    tier: 'premium',
  };
  return event('advice.RecommendationMade', payload, { source: 'advisor', actor: maker, confidence });
}

/** The escalation as the gate delivers it back to compliance: the case file. */
const delivered = (proposal: Proposed | undefined) => {
  if (proposal?.type !== 'compliance.EscalationRequested')
    throw new Error(`expected an escalation, got ${proposal?.type}`);
  return event('compliance.EscalationRequested', proposal.payload, { source: 'compliance' });
};

const decision = (escalationId: string, actor: EventActor, verdict: 'APPROVE' | 'REJECT' = 'APPROVE') =>
  event(
    'human.DecisionRecorded',
    { decisionId: `dec-${actor.userId}`, escalationId, approverId: actor.userId, verdict, decidedAt: 0 },
    { actor, source: 'review-ui' },
  );

async function escalated(valueAtStakeMinor: number) {
  const advice = recommendation(valueAtStakeMinor);
  const [request] = await given(compliance).when(advice);
  return {
    history: [advice, delivered(request)],
    request: ofType([request!], 'compliance.EscalationRequested')[0]!,
  };
}

describe('compliance', () => {
  it('given confident advice of moderate value, then it approves automatically', async () => {
    const outputs = await given(compliance).when(recommendation(10_000_00));
    expect(ofType(outputs, 'compliance.ReviewCompleted')[0]?.payload).toMatchObject({
      outcome: 'APPROVED',
      decidedBy: 'AUTOMATIC',
      escalationId: null,
      requestId: 'req-1',
    });
  });

  it('given high-value advice, then it escalates to a human with the reasons, the approvals needed and the makers excluded', async () => {
    const { request } = await escalated(150_000_00);
    expect(request.payload).toMatchObject({
      level: 1,
      requiredRole: 'compliance-reviewer',
      requiredApprovals: 2,
      excludedApprovers: ['maker-mia', 'advisor', 'cust-1'],
      reasons: ['value at stake 150,000.00 EUR is above 50,000.00 EUR'],
    });
  });

  it('given advice with low or missing confidence, then it escalates', async () => {
    const unsure = await given(compliance).when(
      recommendation(100_00, { outcome: 'UNSURE', score: 0.5, rationale: null }),
    );
    expect(ofType(unsure, 'compliance.EscalationRequested')[0]?.payload.reasons).toEqual([
      'the advisor was UNSURE',
      'confidence 0.5 is below 0.7',
    ]);
    const silent = await given(compliance).when(recommendation(100_00, null));
    expect(ofType(silent, 'compliance.EscalationRequested')[0]?.payload.reasons).toEqual([
      'the recommendation states no confidence',
    ]);
  });

  it('given an escalation, when its proposer approves it, then maker-checker refuses', async () => {
    const { history, request } = await escalated(60_000_00);
    const outputs = await given(compliance, history).when(decision(request.payload.escalationId, maker));
    expect(ofType(outputs, 'compliance.ApprovalRefused')[0]?.payload).toMatchObject({
      approverId: 'maker-mia',
      reason: expect.stringMatching(/maker-checker/) as unknown,
    });
    expect(ofType(outputs, 'compliance.ReviewCompleted')).toEqual([]);
  });

  it('given a dual-approval escalation, then the first approval waits and the second distinct one completes the review', async () => {
    const { history, request } = await escalated(150_000_00);
    const first = decision(request.payload.escalationId, reviewer('rita'));
    expect(await given(compliance, history).when(first)).toEqual([]);

    const outputs = await given(compliance, [...history, first]).when(
      decision(request.payload.escalationId, reviewer('omar')),
    );
    expect(ofType(outputs, 'compliance.ReviewCompleted')[0]?.payload).toMatchObject({
      outcome: 'APPROVED',
      decidedBy: 'HUMAN',
      approvers: ['rita', 'omar'],
    });
  });

  it('given a rejection by a reviewer, then the review completes as REJECTED', async () => {
    const { history, request } = await escalated(60_000_00);
    const outputs = await given(compliance, history).when(
      decision(request.payload.escalationId, reviewer('rita'), 'REJECT'),
    );
    expect(outputs[0]?.payload).toMatchObject({ outcome: 'REJECTED', approvers: ['rita'] });
  });

  it('given the review deadline passes, then it escalates one level up and never approves', async () => {
    const { history } = await escalated(60_000_00);
    const outputs = await given(compliance, history).when(
      event('workflow.DeadlineReached', { name: 'review', dueAt: 0 }),
    );

    expect(outputs.map((o) => o.type)).toEqual(['compliance.EscalationRequested']);
    expect(outputs[0]?.payload).toMatchObject({
      level: 2,
      requiredRole: 'compliance-officer',
      reasons: [
        'review at level 1 was not completed by its deadline',
        'value at stake 60,000.00 EUR is above 50,000.00 EUR',
      ],
    });
    expect(
      await given(compliance, history).when(
        event('workflow.DeadlineReached', { name: 'response', dueAt: 0 }),
      ),
    ).toEqual([]);
  });

  it('given an escalation, then its workflow is unsettled until a reviewer decides it', async () => {
    const { history, request } = await escalated(60_000_00);
    const decided = [...history, decision(request.payload.escalationId, reviewer('rita'))];
    expect(compliance.settled?.(given(compliance, history).state, 'wf-review')).toBe(false);
    expect(compliance.settled?.(given(compliance, decided).state, 'wf-review')).toBe(true);
  });

  it('given a decision on an escalation it does not know, then it refuses it', async () => {
    const outputs = await given(compliance).when(decision('nope', reviewer('rita')));
    expect(outputs[0]?.payload).toMatchObject({ reason: 'no open escalation nope' });
  });

  it('given a failure on a recommendation, then the fallback escalates (never approves), deterministically', () => {
    const advice = recommendation(100_00);
    const failure = { kind: 'error' as const, message: 'crash' };
    const outputs = given(compliance).whenFailing(advice, failure);

    expect(outputs).toEqual(given(compliance).whenFailing(advice, failure));
    expect(outputs.map((o) => o.type)).toEqual(['compliance.EscalationRequested']);
    expect(outputs[0]?.payload).toMatchObject({
      reasons: ['automated compliance review unavailable (error: crash)'],
    });
  });
});
