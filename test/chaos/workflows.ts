// What the chaos run publishes, and how it tells that a workflow reached its end: customer
// requests from many advisors, a teller's burst above the per-actor rate limit, and structuring
// deposits to a few accounts, each deposit in a workflow of its own.
import { randomUUID } from 'node:crypto';
import type { Decision } from '../../schemas/generated/types.ts';
import { transactionPosted } from '../support/envelopes.ts';
import { customerRequest, postedFields, requestFields } from '../support/proposals.ts';

const advisor = (userId: string) => ({ userId, roles: ['advisor'], tenantId: 'retail-eu', region: 'EU' });

const requestBy = (userId: string, text: string) => ({
  fields: requestFields({
    correlationId: `chaos-${randomUUID()}`,
    actor: advisor(userId),
    consent: ['analytics', 'profiling', 'advice'],
  }),
  payload: customerRequest(text),
});

export function workflowProposal(i: number) {
  return requestBy(
    `adv-${i % 50}`,
    i % 7 === 0
      ? 'Should I move 120,000 EUR into a fixed deposit?'
      : 'Can I afford a new car loan next month?',
  );
}

/** `count` requests from one teller, sent together: past the shipped limit of 120 a minute. */
export const tellerBurst = (count: number) =>
  Array.from({ length: count }, () => requestBy('teller-1', 'What is my balance?'));

/** Three cash deposits just under the reporting threshold to `accountId`, each its own workflow. */
export const structuringDeposits = (accountId: string) =>
  [1, 2, 3].map(() => ({
    fields: postedFields(),
    payload: transactionPosted({
      accountId,
      amountMinor: 950_000,
      direction: 'CREDIT',
      channel: 'CASH',
      merchant: null,
      postedAt: Date.now(),
    }),
  }));

/** A customer answer, an explicit escalation to a human, or a denial at the gate ends a workflow. */
export function isTerminal(decision: Decision): boolean {
  if (decision.eventType === 'banking.CustomerRequestReceived' && decision.outcome === 'DENIED') return true;
  return (
    decision.eventType === 'response.CustomerAnswered' ||
    decision.eventType === 'compliance.EscalationRequested'
  );
}
