// What `swarmgate up` reports as the sample stream runs: decisions counted as they commit, by
// what they mean (schemas/vocabulary.ts); the cost is the one the API reports (costOf).
import type { Decision } from '../../schemas/generated/types.ts';
import { costOf, meaningOf, type PayloadName } from '../../schemas/vocabulary.ts';

/** The upstream event a customer waits an answer for. */
const CUSTOMER_REQUEST: PayloadName = 'banking.CustomerRequestReceived';

export class Tally {
  readonly outcomes = new Map<string, number>();
  readonly denials = new Map<string, number>();
  readonly workflows = new Set<string>();
  readonly answered = new Set<string>();
  upstreamDecided = 0;
  requestsDelivered = 0;
  decisions = 0;
  fallbacks = 0;
  escalations = 0;
  costMicros = 0;

  add(decision: Decision, ingressTopic: string): void {
    this.outcomes.set(decision.outcome, (this.outcomes.get(decision.outcome) ?? 0) + 1);
    this.workflows.add(decision.correlationId);
    this.decisions += 1;
    if (decision.origin.topic === ingressTopic) this.upstreamDecided += 1;
    const request = decision.eventType === CUSTOMER_REQUEST;
    if (request && decision.origin.topic === ingressTopic && decision.outcome === 'DELIVERED')
      this.requestsDelivered += 1;
    this.costMicros += costOf(decision);
    const meaning = meaningOf(decision.eventType);
    if (meaning === 'failed') this.fallbacks += 1;
    if (meaning === 'escalated') this.escalations += 1;
    if (meaning === 'answered') this.answered.add(decision.correlationId);
    for (const { policy, verdict } of decision.verdicts) {
      if (verdict === 'DENY') this.denials.set(policy, (this.denials.get(policy) ?? 0) + 1);
    }
  }

  summary(workflowStatuses: ReadonlyMap<string, number>): string {
    const list = (map: ReadonlyMap<string, number>) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => `${name} ${count}`)
        .join(', ') || 'none';
    return [
      `workflows        ${this.workflows.size} (${list(workflowStatuses)})`,
      `decisions        ${list(this.outcomes)}`,
      `denials          ${list(this.denials)}`,
      `answers          ${this.answered.size} customer answers`,
      `fallbacks        ${this.fallbacks}`,
      `escalations      ${this.escalations} (a reviewer decides them: see "Decide an escalation" below)`,
      `cost             ${(this.costMicros / 1_000_000).toFixed(4)} (budget currency)`,
    ].join('\n');
  }
}
