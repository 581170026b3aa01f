// A workflow's status, from what its decisions mean (schemas/vocabulary.ts), not their names.
//
// What the workflow remembers:
//   escalation open  from a delivered `escalated` record until a delivered `reviewed` one
//                    (human decisions and refusals leave it open: dual control may await another)
//   answered         once an `answered` record was not denied; `missing` is what that answer
//                    says it lacked (response.CustomerAnswered's own `missing`, as event types)
//
// Its status after each decision, first rule that holds:
//   the decision was DENIED                        denied     (the next decision recovers)
//   an escalation is open                          escalated  (waiting for a human)
//   answered, lacking nothing                      completed
//   answered, lacking a contribution               partial    (missing names it)
//   the decision is an incident                    failed     (the next decision recovers)
//   anything else                                  active
import type { Decision } from '../../schemas/generated/types.ts';
import { isIncident, meaningOf } from '../../schemas/vocabulary.ts';

export const WORKFLOW_STATUSES = ['active', 'denied', 'escalated', 'completed', 'partial', 'failed'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** The part of a workflow's state its status is derived from. */
export interface WorkflowProgress {
  readonly status: WorkflowStatus;
  readonly escalationOpen: boolean;
  readonly answered: boolean;
  /** The contributions the answer lacked, as event types; empty until answered. */
  readonly missing: readonly string[];
}

/** What a decision's own payload says, where the status rests on it. */
export interface PayloadFacts {
  /** For an answer: the contributions it says it lacked (schemas/vocabulary.ts missingFrom). */
  readonly answerMissing?: readonly string[];
  /** The actor's tenant on the decision's envelope. */
  readonly tenant?: string;
}

const fresh: WorkflowProgress = { status: 'active', escalationOpen: false, answered: false, missing: [] };

function statusOf(progress: Omit<WorkflowProgress, 'status'>, decision: Decision): WorkflowStatus {
  if (decision.outcome === 'DENIED') return 'denied';
  if (progress.escalationOpen) return 'escalated';
  if (progress.answered) return progress.missing.length > 0 ? 'partial' : 'completed';
  if (isIncident(decision.eventType)) return 'failed';
  return 'active';
}

export function nextProgress(
  previous: WorkflowProgress | null,
  decision: Decision,
  facts: PayloadFacts = {},
): WorkflowProgress {
  const before = previous ?? fresh;
  const meaning = meaningOf(decision.eventType);
  const delivered = decision.outcome === 'DELIVERED';
  const answers = meaning === 'answered' && decision.outcome !== 'DENIED';
  const progress = {
    escalationOpen:
      (before.escalationOpen || (meaning === 'escalated' && delivered)) &&
      !(meaning === 'reviewed' && delivered),
    answered: before.answered || answers,
    missing: answers ? [...(facts.answerMissing ?? [])] : before.missing,
  };
  return { status: statusOf(progress, decision), ...progress };
}
