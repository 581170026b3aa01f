// The decision as the audit log stores and hashes it: exactly the fields of decision.avsc,
// defaults filled in, so a synthetic decision and the same decision decoded from Kafka (where
// Avro supplies the defaults) encode to the same bytes. Typed Required<Decision> so a field
// added to the schema fails to compile here instead of silently escaping the hash.
import type { Decision } from '../../schemas/generated/types.ts';
import { canonicalJson } from './canonical-json.ts';

export function normalizeDecision(decision: Decision): Required<Decision> {
  const { origin } = decision;
  return {
    decisionId: decision.decisionId,
    policyVersion: decision.policyVersion,
    decidedAt: decision.decidedAt,
    gateInstance: decision.gateInstance,
    origin: {
      topic: origin.topic,
      partition: origin.partition,
      offset: origin.offset,
      timestamp: origin.timestamp,
    },
    correlationId: decision.correlationId,
    eventId: decision.eventId,
    eventType: decision.eventType,
    sender: decision.sender,
    costMicros: decision.costMicros ?? 0,
    hops: decision.hops ?? 0,
    outcome: decision.outcome,
    verdicts: decision.verdicts.map(({ policy, verdict, reason }) => ({ policy, verdict, reason })),
    routedTo: [...decision.routedTo],
    notRouted: decision.notRouted.map(({ agent, policy, reason }) => ({ agent, policy, reason })),
    envelope: decision.envelope,
    recordSha256: decision.recordSha256,
    rateKeys: [...(decision.rateKeys ?? [])],
    traceparent: decision.traceparent ?? null,
  };
}

export function canonicalDecision(decision: Decision): string {
  return canonicalJson(normalizeDecision(decision));
}

/** Reads a stored canonical decision back; the envelope returns to bytes. */
export function parseCanonicalDecision(canonical: string): Decision {
  const parsed = JSON.parse(canonical) as Omit<Decision, 'envelope'> & { envelope: string };
  return { ...parsed, envelope: Buffer.from(parsed.envelope, 'base64') };
}
