// What the chaos run publishes, and how it tells that a workflow reached its end.
import { randomUUID } from 'node:crypto';
import type { Decision } from '../../schemas/generated/types.ts';
import { customerRequest, requestFields } from '../support/proposals.ts';

const advisor = (i: number) => ({
  userId: `adv-${i % 50}`,
  roles: ['advisor'],
  tenantId: 'retail-eu',
  region: 'EU',
});

export function workflowProposal(i: number) {
  const fields = requestFields({
    correlationId: `chaos-${randomUUID()}`,
    actor: advisor(i),
    consent: ['analytics', 'profiling', 'advice'],
  });
  return {
    fields,
    payload: customerRequest(
      i % 7 === 0
        ? 'Should I move 120,000 EUR into a fixed deposit?'
        : 'Can I afford a new car loan next month?',
    ),
  };
}

/** A customer answer, an explicit escalation to a human, or a denial at the gate ends a workflow. */
export function isTerminal(decision: Decision): boolean {
  if (decision.eventType === 'banking.CustomerRequestReceived' && decision.outcome === 'DENIED') return true;
  return (
    decision.eventType === 'response.CustomerAnswered' ||
    decision.eventType === 'compliance.EscalationRequested'
  );
}
