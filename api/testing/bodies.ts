// Request bodies for POST /events.
import { randomUUID } from 'node:crypto';

export const actor = { userId: 'svc-core-ledger', roles: ['system'], tenantId: 'retail-eu', region: 'EU' };

export function transactionBody(overrides: Record<string, unknown> = {}) {
  return {
    type: 'banking.TransactionPosted',
    correlationId: `wf-${randomUUID()}`,
    source: 'core-banking',
    actor,
    consent: ['analytics'],
    payload: {
      transactionId: `tx-${randomUUID()}`,
      accountId: 'ACC-1001',
      amountMinor: 12_550,
      currency: 'EUR',
      direction: 'DEBIT',
      channel: 'CARD',
      merchant: 'Grocer & Co',
      postedAt: '2025-01-15T09:00:00Z',
    },
    ...overrides,
  };
}

export function customerRequestBody(overrides: Record<string, unknown> = {}) {
  return {
    type: 'banking.CustomerRequestReceived',
    source: 'channel-gateway',
    actor: { userId: 'cust-7', roles: ['customer'], tenantId: 'retail-eu', region: 'EU' },
    classification: 'PII',
    payload: {
      requestId: `req-${randomUUID()}`,
      customerId: 'cust-7',
      channel: 'app',
      text: 'Why was my card declined?',
      receivedAt: 1_736_931_600_000,
    },
    ...overrides,
  };
}
