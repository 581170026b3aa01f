// The body of POST /events: an upstream banking event with its envelope metadata. The types are
// the vocabulary's starters; each payload is checked against its type's registered Avro schema
// (avro-json.ts), so a bad event is refused here with the fields named, not dead-lettered later.
import { z } from 'zod';
import type { RecordTypes } from '../../schemas/generated/types.ts';
import { identifierProblem, type IdentifierField } from '../../schemas/identifiers.ts';
import { STARTERS } from '../../schemas/vocabulary.ts';
import { catalogJson } from './avro-json.ts';

const text = z.string().trim().min(1, 'must not be blank');
export const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const traceparent = z.string().regex(TRACEPARENT, 'expected W3C trace context');
/** An envelope identifier, held to the rules the gate enforces (schemas/identifiers.ts). */
const identifier = (field: IdentifierField) =>
  text.superRefine((value, context) => {
    const problem = identifierProblem(field, value);
    if (problem) context.addIssue({ code: 'custom', message: problem.slice(field.length + 1) });
  });

const common = {
  id: identifier('id').optional().describe('the event id: a retry with the same id gets the first answer'),
  correlationId: identifier('correlationId')
    .optional()
    .describe('workflow id; a new one is minted when absent'),
  source: identifier('source').describe('the upstream system'),
  actor: z.strictObject({
    userId: identifier('actor.userId'),
    roles: z.array(text).default([]),
    tenantId: identifier('actor.tenantId'),
    region: identifier('actor.region'),
  }),
  classification: z.enum(['PUBLIC', 'INTERNAL', 'PII', 'SECRET']).default('INTERNAL'),
  consent: z.array(text).default([]),
  traceparent: traceparent.optional(),
};

/** The upstream types ingest accepts. */
export const INGEST_TYPES = STARTERS;
type IngestType = (typeof STARTERS)[number];

type EnvelopeInput = z.output<z.ZodObject<typeof common>>;

/** A parsed body: envelope metadata and the payload of its type. */
export type EventBody = {
  [T in IngestType]: EnvelopeInput & { readonly type: T; readonly payload: RecordTypes[T] };
}[IngestType];

const options = INGEST_TYPES.map((type) =>
  z.strictObject({ type: z.literal(type), ...common, payload: catalogJson(type) }),
);

export const eventBody = z.discriminatedUnion('type', options as [(typeof options)[number]], {
  error: (issue) =>
    issue.code === 'invalid_union' ? `expected one of ${INGEST_TYPES.join(', ')}` : undefined,
}) as unknown as z.ZodType<EventBody>;
