import { describe, expect, it } from 'vitest';
import { agentDeltas, evolveWorkflow, type WorkflowState } from '../../projector/projections/index.ts';
import { aDecision } from '../../projector/testing/decisions.ts';
import type { DecisionOutcome } from '../../schemas/generated/types.ts';
import type { PayloadName } from '../../schemas/vocabulary.ts';
import { Tally } from './tally.ts';

const INGRESS = 'sg.ingress';

/** A customer's request under the shipped policy: the paid-for advice undeliverable, a second one denied. */
const steps: [PayloadName, string, DecisionOutcome, number][] = [
  ['banking.CustomerRequestReceived', 'channel-gateway', 'DELIVERED', 0],
  ['analysis.AccountAnalysed', 'analyst', 'DELIVERED', 0],
  ['advice.RecommendationMade', 'advisor', 'NO_RECIPIENT', 953],
  ['advice.RecommendationMade', 'advisor', 'DENIED', 26],
  ['compliance.EscalationRequested', 'compliance', 'DELIVERED', 0],
  ['incident.FallbackUsed', 'advisor', 'DELIVERED', 0],
  ['response.CustomerAnswered', 'responder', 'NO_RECIPIENT', 0],
];
const decisions = steps.map(([eventType, sender, outcome, costMicros], i) =>
  aDecision({
    decisionId: `d-${i}`,
    correlationId: 'wf-1',
    eventType,
    sender,
    outcome,
    costMicros,
    origin: { topic: i === 0 ? INGRESS : 'sg.proposed', partition: 0, offset: i, timestamp: 0 },
  }),
);

describe("swarmgate up's tally", () => {
  it('reports the cost the API reports for the workflow and its agents, denied and undeliverable records included', () => {
    const tally = new Tally();
    for (const decision of decisions) tally.add(decision, INGRESS);
    const workflow = decisions.reduce<WorkflowState | null>((state, d) => evolveWorkflow(state, d), null);
    const byAgents = decisions
      .flatMap((d) => [...agentDeltas(d).values()])
      .reduce((sum, delta) => sum + delta.costMicros, 0);

    expect(tally.costMicros).toBe(979);
    expect(workflow?.totalCostMicros).toBe(tally.costMicros);
    expect(byAgents).toBe(tally.costMicros);
  });

  it('counts requests, answers, escalations and fallbacks by what the types mean', () => {
    const tally = new Tally();
    for (const decision of decisions) tally.add(decision, INGRESS);

    expect(tally).toMatchObject({ requestsDelivered: 1, escalations: 1, fallbacks: 1, upstreamDecided: 1 });
    expect([...tally.answered]).toEqual(['wf-1']);
  });
});
