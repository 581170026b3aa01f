// The body of POST /events: an upstream banking event with its envelope metadata. The payload
// is checked against the fields of the type's Avro schema, so a bad event is refused here with
// the fields named, not dead-lettered later.
import { z } from 'zod';
import { identifierProblem, type IdentifierField } from '../../schemas/identifiers.ts';
import { instant } from '../http/time.ts';

const text = z.string().trim().min(1, 'must not be blank');
const optionalText = text.nullish().transform((value) => value ?? null);
export const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const traceparent = z.string().regex(TRACEPARENT, 'expected W3C trace context');
/** An envelope identifier, held to the rules the gate enforces (schemas/identifiers.ts). */
const identifier = (field: IdentifierField) =>
  text.superRefine((value, context) => {
    const problem = identifierProblem(field, value);
    if (problem) context.addIssue({ code: 'custom', message: problem.slice(field.length + 1) });
  });

const transactionPosted = z.strictObject({
  transactionId: text,
  accountId: text,
  amountMinor: z.int().nonnegative().describe('minor units (cents)'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
  direction: z.enum(['DEBIT', 'CREDIT']),
  channel: z.enum(['CARD', 'TRANSFER', 'CASH', 'LEDGER']),
  merchant: optionalText,
  counterparty: optionalText,
  country: optionalText,
  memo: optionalText,
  postedAt: instant,
});

const customerRequestReceived = z.strictObject({
  requestId: text,
  customerId: text,
  accountId: optionalText,
  channel: text.describe('app, web, branch, phone, chat'),
  language: optionalText.describe('BCP 47 tag'),
  text,
  receivedAt: instant,
});

export const INGEST_TYPES = ['banking.TransactionPosted', 'banking.CustomerRequestReceived'] as const;

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

export const eventBody = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('banking.TransactionPosted'), ...common, payload: transactionPosted }),
    z.strictObject({
      type: z.literal('banking.CustomerRequestReceived'),
      ...common,
      payload: customerRequestReceived,
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `expected one of ${INGEST_TYPES.join(', ')}` : undefined,
  },
);

export type EventBody = z.output<typeof eventBody>;
