// Synthetic decisions for tests: a banking workflow from posted transaction to customer answer,
// several workflows interleaved across the partitions of sg.decisions as the gate would write them.
import type { Decision, DecisionOutcome } from '../../schemas/generated/types.ts';
import type { DecisionEntry } from '../types.ts';

export const DECISIONS_TOPIC = 'sg.decisions';
const START = Date.UTC(2025, 0, 15, 9, 0, 0);

export interface Step {
  readonly eventType: string;
  readonly sender: string;
  readonly routedTo?: readonly string[];
  readonly outcome?: DecisionOutcome;
  readonly costMicros?: number;
  readonly latencyMs?: number;
}

/**
 * The shipped swarm's escalation path, in its real event types: a posted transaction scored,
 * a fallback on the way, advice that compliance escalates, a human decision, the review it
 * completes, and the answer.
 */
export const BANKING_FLOW: readonly Step[] = [
  {
    eventType: 'banking.TransactionPosted',
    sender: 'core-banking',
    routedTo: ['fraud', 'aml-monitor'],
    latencyMs: 4,
  },
  {
    eventType: 'fraud.RiskScored',
    sender: 'fraud',
    routedTo: ['advisor'],
    costMicros: 1_200,
    latencyMs: 30,
  },
  { eventType: 'incident.FallbackUsed', sender: 'aml-monitor', routedTo: ['responder'], latencyMs: 7 },
  {
    eventType: 'advice.RecommendationMade',
    sender: 'advisor',
    routedTo: ['compliance'],
    costMicros: 5_000,
    latencyMs: 120,
  },
  {
    eventType: 'compliance.EscalationRequested',
    sender: 'compliance',
    routedTo: ['human-review'],
    latencyMs: 900,
  },
  { eventType: 'human.DecisionRecorded', sender: 'advisor-jane', routedTo: ['responder'], latencyMs: 2_000 },
  { eventType: 'compliance.ReviewCompleted', sender: 'compliance', routedTo: ['responder'], latencyMs: 40 },
  { eventType: 'response.CustomerAnswered', sender: 'responder', outcome: 'NO_RECIPIENT', latencyMs: 70_000 },
];

export function aDecision(
  overrides: Partial<Decision> & Pick<Decision, 'decisionId' | 'correlationId'>,
): Decision {
  const decidedAt = overrides.decidedAt ?? START;
  return {
    policyVersion: 'policy-sha-1',
    decidedAt,
    gateInstance: 'gate-0',
    origin: { topic: 'sg.proposed', partition: 0, offset: 0, timestamp: decidedAt - 10 },
    eventId: `event-${overrides.decisionId}`,
    eventType: 'banking.TransactionPosted',
    sender: 'core-banking',
    costMicros: 0,
    hops: 0,
    outcome: 'DELIVERED',
    verdicts: [{ policy: 'max-length', verdict: 'ALLOW', reason: 'within 64 KiB' }],
    routedTo: [],
    notRouted: [],
    envelope: Buffer.from(`envelope of ${overrides.decisionId}`),
    recordSha256: 'ab'.repeat(32),
    traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
    ...overrides,
  };
}

function decisionOf(workflow: number, stepIndex: number, step: Step): Decision {
  const decidedAt = START + workflow * 60_000 + stepIndex * 1_000;
  const denied = step.outcome === 'DENIED';
  return aDecision({
    decisionId: `decision-${workflow}-${stepIndex}`,
    correlationId: `workflow-${workflow}`,
    decidedAt,
    origin: {
      topic: stepIndex === 0 ? 'sg.ingress' : 'sg.proposed',
      partition: workflow % 2,
      offset: workflow * 100 + stepIndex,
      timestamp: decidedAt - (step.latencyMs ?? 10),
    },
    eventType: step.eventType,
    sender: step.sender,
    costMicros: step.costMicros ?? 0,
    hops: stepIndex,
    outcome: step.outcome ?? 'DELIVERED',
    verdicts: [
      {
        policy: 'prompt-injection',
        verdict: denied ? 'DENY' : 'ALLOW',
        reason: denied ? 'override attempt' : 'clean',
      },
    ],
    routedTo: denied ? [] : (step.routedTo ?? []),
    notRouted: denied
      ? (step.routedTo ?? []).map((agent) => ({ agent, policy: 'prompt-injection', reason: 'denied' }))
      : [],
  });
}

/**
 * `workflows` banking flows, round-robin interleaved, on `partitions` partitions of sg.decisions
 * (a workflow stays on one partition, offsets rise per partition). Flows listed in `flows`
 * replace the default one for that workflow index.
 */
export function decisionStream(
  workflows: number,
  partitions = 3,
  flows: Readonly<Record<number, readonly Step[]>> = {},
): DecisionEntry[] {
  const nextOffset = new Array<number>(partitions).fill(0);
  const entries: DecisionEntry[] = [];
  const longest = Math.max(BANKING_FLOW.length, ...Object.values(flows).map((flow) => flow.length));
  for (let stepIndex = 0; stepIndex < longest; stepIndex += 1) {
    for (let workflow = 0; workflow < workflows; workflow += 1) {
      const step = (flows[workflow] ?? BANKING_FLOW)[stepIndex];
      if (!step) continue;
      const partition = workflow % partitions;
      const offset = nextOffset[partition] ?? 0;
      nextOffset[partition] = offset + 1;
      entries.push({
        decision: decisionOf(workflow, stepIndex, step),
        coordinates: { topic: DECISIONS_TOPIC, partition, offset: String(offset) },
      });
    }
  }
  return entries;
}

/** Splits entries into consecutive batches of the given sizes (the rest in one last batch). */
export function inBatches<T>(entries: readonly T[], ...sizes: number[]): T[][] {
  const batches: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    batches.push(entries.slice(start, start + size));
    start += size;
  }
  if (start < entries.length) batches.push(entries.slice(start));
  return batches;
}
