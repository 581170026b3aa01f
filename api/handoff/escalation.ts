// The escalations a human decision answers, read back from the workflow's audit trail: the
// delivered compliance.EscalationRequested records, each with the envelope the gate delivered,
// and who already approved each one (the delivered human.DecisionRecorded approvals).
import { auditTrailOf, parseCanonicalDecision, type Db } from '../../projector/index.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope, type OpenedEnvelope } from '../../schemas/envelope.ts';
import { DecodeError } from '../../schemas/errors.ts';
import type { DecisionRecorded, Envelope, EscalationRequested } from '../../schemas/generated/types.ts';
import { ESCALATION, HUMAN_DECISION } from '../../schemas/vocabulary.ts';

export interface OpenEscalation {
  readonly envelope: Envelope;
  readonly request: EscalationRequested;
}

export interface ReviewedEscalation extends OpenEscalation {
  /** Subjects whose approval of this escalation the gate delivered, oldest first. */
  readonly approvedBy: readonly string[];
}

async function opened(codec: Codec, bytes: Buffer): Promise<OpenedEnvelope | null> {
  return openEnvelope(codec, bytes).catch((error: unknown) => {
    if (error instanceof DecodeError) return null;
    throw error;
  });
}

/** The workflow's escalations, oldest first; a later record of the same escalation replaces an earlier one. */
export async function escalationsOf(
  db: Db,
  schema: string,
  codec: Codec,
  correlationId: string,
): Promise<ReviewedEscalation[]> {
  const byId = new Map<string, OpenEscalation>();
  const approvals = new Map<string, string[]>();
  const delivered = await auditTrailOf(db, schema, correlationId, [ESCALATION, HUMAN_DECISION], 'DELIVERED');
  for (const row of delivered) {
    const decision = parseCanonicalDecision(row.canonical);
    const envelope = await opened(codec, decision.envelope);
    if (envelope?.payload == null) continue;
    if (decision.eventType === HUMAN_DECISION) {
      const { escalationId, approverId, verdict } = envelope.payload as unknown as DecisionRecorded;
      if (verdict === 'APPROVE')
        approvals.set(escalationId, [...(approvals.get(escalationId) ?? []), approverId]);
      continue;
    }
    const request = envelope.payload as unknown as EscalationRequested;
    byId.delete(request.escalationId);
    byId.set(request.escalationId, { envelope: envelope.envelope, request });
  }
  return [...byId.values()].map((e) => ({ ...e, approvedBy: approvals.get(e.request.escalationId) ?? [] }));
}
