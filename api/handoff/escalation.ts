// The escalation a human decision answers, read back from the workflow's audit trail: the
// delivered compliance.EscalationRequested records, each with the envelope the gate delivered.
import { auditTrail, parseCanonicalDecision, type Db } from '../../projector/index.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import { DecodeError } from '../../schemas/errors.ts';
import type { Envelope, EscalationRequested } from '../../schemas/generated/types.ts';

export const ESCALATION_TYPE = 'compliance.EscalationRequested';

export interface OpenEscalation {
  readonly envelope: Envelope;
  readonly request: EscalationRequested;
}

/** The workflow's escalations, oldest first; a later record of the same escalation replaces an earlier one. */
export async function escalationsOf(
  db: Db,
  schema: string,
  codec: Codec,
  correlationId: string,
): Promise<OpenEscalation[]> {
  const byId = new Map<string, OpenEscalation>();
  for (const row of await auditTrail(db, schema, correlationId)) {
    const decision = parseCanonicalDecision(row.canonical);
    if (decision.eventType !== ESCALATION_TYPE || decision.outcome !== 'DELIVERED') continue;
    const opened = await openEnvelope(codec, decision.envelope).catch((error: unknown) => {
      if (error instanceof DecodeError) return null;
      throw error;
    });
    if (opened?.payload == null) continue;
    const request = opened.payload as unknown as EscalationRequested;
    byId.delete(request.escalationId);
    byId.set(request.escalationId, { envelope: opened.envelope, request });
  }
  return [...byId.values()];
}
