// Realistic proposals for the gate's running-path tests: benign by default, each policy's
// violation a single override away.
import { randomUUID } from 'node:crypto';
import type { EnvelopeFields } from '../../schemas/envelope.ts';
import type { AccountAnalysed, CustomerRequestReceived, RiskScored } from '../../schemas/generated/types.ts';
import { envelopeFields } from './envelopes.ts';

export const systemActor = {
  userId: 'svc-core-ledger',
  roles: ['system'],
  tenantId: 'retail-eu',
  region: 'EU',
};
export const customerActor = { userId: 'cust-77', roles: ['customer'], tenantId: 'retail-eu', region: 'EU' };

type Overrides = Partial<EnvelopeFields>;

export const postedFields = (overrides: Overrides = {}) =>
  envelopeFields({ actor: systemActor, ...overrides });

export const requestFields = (overrides: Overrides = {}) =>
  ({
    ...envelopeFields({ actor: customerActor, source: 'channel-gateway', ...overrides }),
    type: 'banking.CustomerRequestReceived',
  }) as const;

export const customerRequest = (text: string): CustomerRequestReceived => ({
  requestId: randomUUID(),
  customerId: 'cust-77',
  accountId: 'ACC-1001',
  channel: 'chat',
  language: 'en',
  text,
  receivedAt: 1_795_000_000_000,
});

const rationale = 'amount and merchant are in line with the last 90 days of activity';

/** An agent output on sg.proposed: it names the event it answers and explains itself. */
export const agentFields = <T extends string>(type: T, source: string, overrides: Overrides = {}) =>
  ({
    ...envelopeFields({
      actor: systemActor,
      source,
      causationId: randomUUID(),
      hops: 1,
      consent: ['analytics', 'profiling'],
      confidence: { outcome: 'CONFIDENT', score: 0.9, rationale },
      ...overrides,
    }),
    type,
  }) as EnvelopeFields & { type: T };

export const riskScored = (): RiskScored => ({
  transactionId: randomUUID(),
  accountId: 'ACC-1001',
  amountMinor: 12_550,
  currency: 'EUR',
  score: 0.12,
  level: 'LOW',
  reasons: ['amount below the account median'],
  rulesVersion: 'rules-1',
});

export const accountAnalysed = (): AccountAnalysed => ({
  accountId: 'ACC-1001',
  requestId: null,
  currency: 'EUR',
  balanceMinor: 250_000,
  transactionCount: 12,
  otherCurrencyCount: 0,
  spendByChannel: { CARD: 80_000 },
  largestDebitMinor: 30_000,
  lastActivityAt: null,
  summary: 'steady spending, no anomalies',
});
