// What the dashboard tests show: banking workflows (two denied by prompt-injection), one whose
// id and data are hostile markup, and an agent inventory with a kill switch.
import {
  BANKING_FLOW,
  DECISIONS_TOPIC,
  aDecision,
  decisionStream,
} from '../../../projector/testing/decisions.ts';
import type { DecisionEntry } from '../../../projector/index.ts';
import type { Decision } from '../../../schemas/generated/types.ts';
import type { Inventory } from '../../inventory.ts';
import { inventoryOf } from '../../inventory-state.ts';
import { announcement, command, signedFold } from '../../testing/registry.ts';

export const HOSTILE_WORKFLOW = 'wf-<script>window.pwned = true</script>';
export const HOSTILE_SENDER = '<img src="x" onerror="window.pwned = true">';
export const HOSTILE_REASON = 'card <b>4111 1111 1111 1111</b> in <script>alert(1)</script>';

const deniedAtSecondStep = [
  BANKING_FLOW[0]!,
  { eventType: 'advice.RecommendationMade', sender: 'advisor', outcome: 'DENIED' as const },
];

/** A partition of its own per extra workflow, so its offsets never meet decisionStream's. */
const entriesOn = (partition: number, decisions: readonly Decision[]): DecisionEntry[] =>
  decisions.map((decision, offset) => ({
    decision,
    coordinates: { topic: DECISIONS_TOPIC, partition, offset: String(offset) },
  }));

function hostileWorkflow(): DecisionEntry[] {
  const at = Date.UTC(2025, 0, 15, 8);
  return entriesOn(5, [
    aDecision({
      decisionId: 'hostile-0',
      correlationId: HOSTILE_WORKFLOW,
      decidedAt: at,
      sender: HOSTILE_SENDER,
      outcome: 'DENIED',
      verdicts: [{ policy: 'pii-detection', verdict: 'DENY', reason: HOSTILE_REASON }],
    }),
    aDecision({
      decisionId: 'hostile-1',
      correlationId: HOSTILE_WORKFLOW,
      decidedAt: at + 1_000,
      routedTo: ['analyst'],
      notRouted: [{ agent: 'advisor', policy: 'classification-ceiling', reason: 'PII above INTERNAL' }],
      verdicts: [{ policy: 'classification-ceiling', verdict: 'LIMIT', reason: 'PII above INTERNAL' }],
    }),
  ]);
}

/**
 * workflow-0 and workflow-1 complete (with a fallback and a human step on the way), workflow-2
 * and workflow-3 denied by prompt-injection at their second step, and the hostile workflow.
 */
export const seededDecisions = (): DecisionEntry[] => [
  ...decisionStream(4, 3, { 2: deniedAtSecondStep, 3: deniedAtSecondStep }),
  ...hostileWorkflow(),
];

export const SEEDED_WORKFLOWS = ['workflow-0', 'workflow-1', 'workflow-2', 'workflow-3', HOSTILE_WORKFLOW];

/** A workflow that starts after everything seeded. */
export const lateWorkflow = (): DecisionEntry[] =>
  entriesOn(6, [
    aDecision({ decisionId: 'late-0', correlationId: 'workflow-late', decidedAt: Date.UTC(2025, 0, 15, 10) }),
  ]);

/** fraud (low risk) runs; compliance (high risk) is held by a kill switch. */
export function seededInventory(): Inventory {
  const fold = signedFold(
    [announcement('fraud'), announcement('compliance', { riskClass: 'HIGH', clearance: 'PII' })],
    [command('KILL', 'compliance')],
  );
  return {
    agents: () => inventoryOf(fold),
    health: () => ({ ok: true, caughtUp: true, skipped: 0, error: null }),
  };
}
