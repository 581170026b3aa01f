import { randomUUID } from 'node:crypto';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type EnvelopeFields } from '../../schemas/envelope.ts';
import type { TransactionPosted } from '../../schemas/generated/types.ts';

export function transactionPosted(overrides: Partial<TransactionPosted> = {}): TransactionPosted {
  return {
    transactionId: randomUUID(),
    accountId: 'ACC-1001',
    amountMinor: 12_550,
    currency: 'EUR',
    direction: 'DEBIT',
    channel: 'CARD',
    merchant: 'Grocer & Co',
    counterparty: null,
    country: 'DE',
    memo: 'weekly shop',
    postedAt: 1_795_000_000_000,
    ...overrides,
  };
}

export function envelopeFields(
  overrides: Partial<EnvelopeFields> = {},
): EnvelopeFields & { type: 'banking.TransactionPosted' } {
  return {
    id: randomUUID(),
    correlationId: `wf-${randomUUID()}`,
    causationId: null,
    type: 'banking.TransactionPosted',
    source: 'core-banking',
    occurredAt: Date.now(),
    classification: 'INTERNAL',
    actor: { userId: 'u-42', roles: ['customer'], tenantId: 'bank-a', region: 'EU' },
    consent: ['analytics'],
    hops: 0,
    costMicros: 0,
    confidence: null,
    traceparent: null,
    tracestate: null,
    ...overrides,
  } as EnvelopeFields & { type: 'banking.TransactionPosted' };
}

/** A valid TransactionPosted envelope in the Confluent wire format. */
export async function transactionEnvelopeBytes(
  codec: Codec,
  overrides: Partial<TransactionPosted> = {},
): Promise<Buffer> {
  return encodeEnvelope(codec, await sealEnvelope(codec, envelopeFields(), transactionPosted(overrides)));
}
