// A workflow waiting for a human: a recommendation, then compliance's escalation as the gate
// delivered it (a real envelope, so the API can read the escalation back from the audit log).
import { randomUUID } from 'node:crypto';
import type { DecisionEntry } from '../../projector/index.ts';
import { aDecision } from '../../projector/testing/decisions.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../../schemas/envelope.ts';
import type { EscalationRequested } from '../../schemas/generated/types.ts';
import { envelopeFields } from '../../test/support/envelopes.ts';

export const ESCALATION_TRACE = `00-${'4'.repeat(32)}-${'5'.repeat(16)}-01`;

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

export async function escalatedWorkflow(
  codec: Codec,
  requests: readonly EscalationRequested[],
): Promise<EscalatedWorkflow> {
  const correlationId = `wf-${randomUUID()}`;
  const start = Date.UTC(2025, 0, 15, 9);
  const entry = (offset: number, decision: Parameters<typeof aDecision>[0]): DecisionEntry => ({
    decision: aDecision({ decidedAt: start + offset * 1000, ...decision }),
    coordinates: { topic: 'sg.decisions', partition: 0, offset: String(offset) },
  });
  const decisions = [
    entry(0, {
      decisionId: `${correlationId}-0`,
      correlationId,
      eventType: 'advice.RecommendationMade',
      sender: 'advisor',
    }),
  ];
  let escalationEventId = '';
  for (const [index, request] of requests.entries()) {
    const fields = envelopeFields({
      correlationId,
      causationId: 'rec-1',
      source: 'compliance',
      hops: 3,
      actor: { userId: 'cust-7', roles: ['customer'], tenantId: 'retail-eu', region: 'EU' },
      traceparent: ESCALATION_TRACE,
    });
    const envelope = await sealEnvelope(
      codec,
      { ...fields, type: 'compliance.EscalationRequested' },
      request,
    );
    escalationEventId = envelope.id;
    decisions.push(
      entry(index + 1, {
        decisionId: `${correlationId}-${index + 1}`,
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
