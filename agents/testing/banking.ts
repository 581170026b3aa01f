// Payload builders for the banking tests: a valid default, overridden where the test cares.
import type { CustomerRequestReceived, TransactionPosted } from '../../schemas/generated/types.ts';
import { testEpoch } from './events.ts';

export const hour = 3_600_000;
export const day = 24 * hour;

let sequence = 0;

export function transaction(overrides: Partial<TransactionPosted> = {}): TransactionPosted {
  sequence += 1;
  return {
    transactionId: `txn-${sequence}`,
    accountId: 'acc-1',
    amountMinor: 4_250,
    currency: 'EUR',
    direction: 'DEBIT',
    channel: 'CARD',
    merchant: 'Bakery',
    counterparty: null,
    country: 'DE',
    memo: null,
    postedAt: testEpoch,
    ...overrides,
  };
}

export function customerRequest(overrides: Partial<CustomerRequestReceived> = {}): CustomerRequestReceived {
  return {
    requestId: 'req-1',
    customerId: 'cust-1',
    accountId: 'acc-1',
    channel: 'app',
    language: 'en',
    text: 'How should I save for a holiday?',
    receivedAt: testEpoch,
    ...overrides,
  };
}
