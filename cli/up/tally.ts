// What `swarmgate up` reports as the sample stream runs: decisions counted as they commit.
import type { Decision } from '../../schemas/generated/types.ts';

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
    const request = decision.eventType === 'banking.CustomerRequestReceived';
    if (request && decision.origin.topic === ingressTopic && decision.outcome === 'DELIVERED')
      this.requestsDelivered += 1;
    if (decision.outcome === 'DELIVERED') this.costMicros += decision.costMicros ?? 0;
    if (decision.eventType === 'incident.FallbackUsed') this.fallbacks += 1;
    if (decision.eventType === 'compliance.EscalationRequested') this.escalations += 1;
    if (decision.eventType === 'response.CustomerAnswered') this.answered.add(decision.correlationId);
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
