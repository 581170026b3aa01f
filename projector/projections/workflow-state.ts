// The state of one workflow (all decisions sharing a correlation id), folded from its
// decisions. Pure: time comes from the decision, never from a clock.
import type { Decision } from '../../schemas/generated/types.ts';
import { costOf } from '../../schemas/vocabulary.ts';
import { isoOf } from '../store/values.ts';
import { nextProgress, type PayloadFacts, type WorkflowProgress } from './workflow-status.ts';

export interface WorkflowState extends WorkflowProgress {
  readonly correlationId: string;
  /** The type of the latest event. */
  readonly currentStep: string;
  /** Senders and recipients seen, sorted. */
  readonly participants: readonly string[];
  /** Every decision's cost (schemas/vocabulary.ts costOf), whatever its outcome. */
  readonly totalCostMicros: number;
  readonly decisions: number;
  readonly denials: number;
  /** n after the n-th decision; the optimistic-concurrency token. */
  readonly version: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly lastDecisionId: string;
  readonly policyVersion: string;
  /**
   * The actor's tenant of its first decision not denied (the record that claimed the workflow at
   * the gate, whose tenant isolation denies any other tenant's record in it); null until then.
   */
  readonly tenant: string | null;
}

const sortedUnion = (known: readonly string[], more: readonly string[]): string[] =>
  [...new Set([...known, ...more])].sort();

export function evolveWorkflow(
  current: WorkflowState | null,
  decision: Decision,
  facts: PayloadFacts = {},
): WorkflowState {
  const decidedAt = isoOf(decision.decidedAt);
  const seen = [decision.sender, ...decision.routedTo];
  const { status, escalationOpen, answered, missing } = nextProgress(current, decision, facts);
  return {
    correlationId: decision.correlationId,
    status,
    escalationOpen,
    answered,
    missing,
    currentStep: decision.eventType,
    participants: sortedUnion(current?.participants ?? [], seen),
    totalCostMicros: (current?.totalCostMicros ?? 0) + costOf(decision),
    decisions: (current?.decisions ?? 0) + 1,
    denials: (current?.denials ?? 0) + (decision.outcome === 'DENIED' ? 1 : 0),
    version: (current?.version ?? 0) + 1,
    firstSeenAt: current && current.firstSeenAt < decidedAt ? current.firstSeenAt : decidedAt,
    lastSeenAt: current && current.lastSeenAt > decidedAt ? current.lastSeenAt : decidedAt,
    lastDecisionId: decision.decisionId,
    policyVersion: decision.policyVersion,
    tenant: current?.tenant ?? (decision.outcome === 'DENIED' ? null : (facts.tenant ?? null)),
  };
}
