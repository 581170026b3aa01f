// An accepted upstream event becomes an envelope on sg.ingress, keyed by its workflow id.
import { randomUUID } from 'node:crypto';
import type { OutgoingRecord } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type EnvelopeFields } from '../../schemas/envelope.ts';
import type { Envelope } from '../../schemas/generated/types.ts';
import type { EventBody } from './event-body.ts';
import type { IngestIds } from './idempotency.ts';

export interface Ingested {
  readonly envelope: Envelope;
  readonly record: OutgoingRecord;
}

export async function ingestRecord(
  codec: Codec,
  topic: string,
  body: EventBody,
  now: number,
  traceHeader?: string,
  ids?: IngestIds,
): Promise<Ingested> {
  const traceparent = body.traceparent ?? traceHeader ?? null;
  const fields: EnvelopeFields = {
    id: ids?.id ?? randomUUID(),
    correlationId: body.correlationId ?? ids?.correlationId ?? randomUUID(),
    causationId: null,
    type: body.type,
    source: body.source,
    occurredAt: now,
    classification: body.classification,
    actor: body.actor,
    consent: body.consent,
    hops: 0,
    costMicros: 0,
    confidence: null,
    traceparent,
    tracestate: null,
  };
  const envelope = await sealEnvelope(codec, { ...fields, type: body.type }, body.payload);
  const record: OutgoingRecord = {
    topic,
    key: envelope.correlationId,
    value: await encodeEnvelope(codec, envelope),
    ...(traceparent ? { headers: { traceparent } } : {}),
  };
  return { envelope, record };
}
