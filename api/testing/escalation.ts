// A workflow waiting for a human: the upstream event that started it (its tenant is the
// workflow's), a recommendation, then compliance's escalation as the gate delivered it (real
// envelopes, so the API can read the tenant and the escalation back from the audit log).
import { randomUUID } from 'node:crypto';
import type { DecisionEntry } from '../../projector/index.ts';
import { aDecision } from '../../projector/testing/decisions.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../../schemas/envelope.ts';
import type { DecisionRecorded, EscalationRequested } from '../../schemas/generated/types.ts';
import { envelopeFields, transactionPosted } from '../../test/support/envelopes.ts';

export const ESCALATION_TRACE = `00-${'4'.repeat(32)}-${'5'.repeat(16)}-01`;
const START = Date.UTC(2025, 0, 15, 9);

export function escalationRequest(overrides: Partial<EscalationRequested> = {}): EscalationRequested {
  return {
    escalationId: `esc-${randomUUID()}`,
    requestId: 'req-1',
    recommendationId: 'rec-1',
    level: 1,
    requiredRole: 'compliance-officer',
    requiredApprovals: 1,
    approvalsSoFar: 0,
    excludedApprovers: ['advisor-amy'],
    reasons: ['value at stake above the automatic approval limit'],
    valueAtStakeMinor: 5_000_000,
    currency: 'EUR',
    recommendation: 'Raise the overdraft limit to 5,000 EUR',
    ...overrides,
  };
}

export interface EscalatedWorkflow {
  readonly correlationId: string;
  readonly escalationEventId: string;
  readonly decisions: DecisionEntry[];
}

const entry = (offset: number, decision: Parameters<typeof aDecision>[0]): DecisionEntry => ({
  decision: aDecision({ decidedAt: START + offset * 1000, ...decision }),
  coordinates: { topic: 'sg.decisions', partition: 0, offset: String(offset) },
});

const actorOf = (tenantId: string) => ({ userId: 'cust-7', roles: ['customer'], tenantId, region: 'EU' });

export async function escalatedWorkflow(
  codec: Codec,
  requests: readonly EscalationRequested[],
  tenantId = 'retail-eu',
): Promise<EscalatedWorkflow> {
  const correlationId = `wf-${randomUUID()}`;
  const upstream = await sealEnvelope(
    codec,
    envelopeFields({ correlationId, actor: actorOf(tenantId) }),
    transactionPosted(),
  );
  const decisions = [
    entry(0, {
      decisionId: `${correlationId}-0`,
      correlationId,
      eventId: upstream.id,
      routedTo: ['advisor'],
      envelope: await encodeEnvelope(codec, upstream),
    }),
    entry(1, {
      decisionId: `${correlationId}-1`,
      correlationId,
      eventType: 'advice.RecommendationMade',
      sender: 'advisor',
    }),
  ];
  let escalationEventId = '';
  for (const request of requests) {
    const fields = envelopeFields({
      correlationId,
      causationId: 'rec-1',
      source: 'compliance',
      hops: 3,
      actor: actorOf(tenantId),
      traceparent: ESCALATION_TRACE,
    });
    const envelope = await sealEnvelope(
      codec,
      { ...fields, type: 'compliance.EscalationRequested' },
      request,
    );
    escalationEventId = envelope.id;
    decisions.push(
      entry(decisions.length, {
        decisionId: `${correlationId}-${decisions.length}`,
        correlationId,
        eventId: envelope.id,
        eventType: 'compliance.EscalationRequested',
        sender: 'compliance',
        routedTo: ['compliance'],
        envelope: await encodeEnvelope(codec, envelope),
      }),
    );
  }
  return { correlationId, escalationEventId, decisions };
}

/** The workflow with a human approval of `escalationId` by `approverId`, as the gate delivered it. */
export async function withApproval(
  codec: Codec,
  workflow: EscalatedWorkflow,
  escalationId: string,
  approverId: string,
): Promise<EscalatedWorkflow> {
  const { correlationId, decisions } = workflow;
  const payload: DecisionRecorded = {
    decisionId: randomUUID(),
    escalationId,
    approverId,
    verdict: 'APPROVE',
    comment: null,
    decidedAt: START,
  };
  const fields = envelopeFields({
    correlationId,
    source: 'case-desk',
    actor: { userId: approverId, roles: ['compliance-officer'], tenantId: 'retail-eu', region: 'EU' },
  });
  const envelope = await sealEnvelope(codec, { ...fields, type: 'human.DecisionRecorded' }, payload);
  const approval = entry(decisions.length, {
    decisionId: `${correlationId}-${decisions.length}`,
    correlationId,
    eventId: envelope.id,
    eventType: 'human.DecisionRecorded',
    sender: 'case-desk',
    routedTo: ['compliance'],
    envelope: await encodeEnvelope(codec, envelope),
  });
  return { ...workflow, decisions: [...decisions, approval] };
}
