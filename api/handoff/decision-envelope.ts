// A reviewer's verdict as a human.DecisionRecorded envelope on sg.proposed. It answers the
// escalation's envelope (causation, trace, tenant, region and consent carry over), its actor is
// the reviewer (maker-checker compares the two), and it is signed by the case desk's key.
import { randomBytes, randomUUID } from 'node:crypto';
import type { OutgoingRecord } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type Signer } from '../../schemas/envelope.ts';
import type { DecisionRecorded, Envelope } from '../../schemas/generated/types.ts';
import { HUMAN_DECISION } from '../../schemas/vocabulary.ts';
import type { OpenEscalation } from './escalation.ts';

/** A new span in the escalation's trace, so the decision joins the workflow's trace. */
function childTraceparent(parent: string | null | undefined): string | null {
  if (!parent) return null;
  const [version, traceId, , flags] = parent.split('-');
  return `${version}-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

/** A reviewer's verdict: who (proven by the caller: a token's subject and roles) and what. */
export interface ReviewerVerdict {
  readonly decision: 'approve' | 'reject';
  readonly approver: string;
  readonly roles: readonly string[];
  readonly comment?: string;
}

export interface HumanDecision {
  readonly envelope: Envelope;
  readonly payload: DecisionRecorded;
  readonly record: OutgoingRecord;
}

export async function humanDecisionRecord(
  codec: Codec,
  topic: string,
  signer: Signer,
  escalation: OpenEscalation,
  body: ReviewerVerdict,
  now: number,
): Promise<HumanDecision> {
  const answered = escalation.envelope;
  const payload: DecisionRecorded = {
    decisionId: randomUUID(),
    escalationId: escalation.request.escalationId,
    approverId: body.approver,
    verdict: body.decision === 'approve' ? 'APPROVE' : 'REJECT',
    comment: body.comment ?? null,
    decidedAt: now,
  };
  const traceparent = childTraceparent(answered.traceparent);
  const fields = {
    id: randomUUID(),
    correlationId: answered.correlationId,
    causationId: answered.id,
    type: HUMAN_DECISION,
    source: signer.keyId,
    occurredAt: now,
    classification: 'INTERNAL' as const,
    actor: {
      userId: body.approver,
      roles: [...body.roles],
      tenantId: answered.actor.tenantId,
      region: answered.actor.region,
    },
    consent: answered.consent ?? [],
    hops: (answered.hops ?? 0) + 1,
    costMicros: 0,
    confidence: null,
    traceparent,
    tracestate: answered.tracestate ?? null,
  };
  const envelope = await sealEnvelope(codec, fields, payload, signer);
  const value = await encodeEnvelope(codec, envelope);
  const record = {
    topic,
    key: envelope.correlationId,
    value,
    ...(traceparent ? { headers: { traceparent } } : {}),
  };
  return { envelope, payload, record };
}
