// Between the wire and the decider: an opened envelope becomes an IncomingEvent, and each of the
// decider's proposals becomes a signed envelope that answers it.
import type { Codec } from '../../schemas/codec.ts';
import { derivedId } from '../../schemas/derived-id.ts';
import { sealEnvelope, type OpenedEnvelope, type Signer } from '../../schemas/envelope.ts';
import type { Envelope, RecordName } from '../../schemas/generated/types.ts';
import type { EventType, IncomingEvent, Proposed } from '../decider.ts';

export function toIncoming(opened: OpenedEnvelope): IncomingEvent {
  const { envelope, payload } = opened;
  return {
    id: envelope.id,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId ?? null,
    type: envelope.type as EventType,
    source: envelope.source,
    occurredAt: envelope.occurredAt,
    classification: envelope.classification,
    actor: { ...envelope.actor, roles: envelope.actor.roles ?? [] },
    hops: envelope.hops ?? 0,
    costMicros: envelope.costMicros ?? 0,
    confidence: envelope.confidence
      ? {
          outcome: envelope.confidence.outcome,
          score: envelope.confidence.score ?? 0,
          rationale: envelope.confidence.rationale ?? null,
        }
      : null,
    payload,
  } as unknown as IncomingEvent;
}

/** The n-th output for an input always gets the same id, so a retried batch cannot mint new events. */
export function outputId(agent: string, inputId: string, index: number): string {
  return derivedId(agent, inputId, String(index));
}

export interface Answer {
  readonly agent: string;
  readonly input: Envelope;
  readonly now: number;
  readonly signer: Signer;
  readonly traceparent: string | null;
}

export async function answerEnvelope(
  codec: Codec,
  answer: Answer,
  proposed: Proposed,
  index: number,
): Promise<Envelope> {
  const { input } = answer;
  const fields = {
    id: outputId(answer.agent, input.id, index),
    correlationId: input.correlationId,
    causationId: input.id,
    type: proposed.type as RecordName,
    source: answer.agent,
    occurredAt: answer.now,
    classification: proposed.classification,
    actor: input.actor,
    consent: input.consent ?? [],
    hops: (input.hops ?? 0) + 1,
    costMicros: proposed.costMicros,
    confidence: proposed.confidence ?? null,
    traceparent: answer.traceparent,
    tracestate: input.tracestate ?? null,
  };
  return sealEnvelope(codec, fields, proposed.payload as never, answer.signer);
}
