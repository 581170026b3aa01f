// The case files of compliance: open escalations and what human decisions and deadlines do to
// them. Pure functions over the state, shared by evolve and decide so the two cannot disagree.
import type { Map as ImmutableMap } from 'immutable';
import type { EscalationRequested } from '../../schemas/generated/types.ts';
import type { IncomingEvent, Proposed } from '../decider.ts';
import { escalation } from './compliance-review.ts';
import type { ComplianceConfig } from './config.ts';
import { sweep } from './retention.ts';
import {
  escalateOnTimeout,
  recordDecision,
  requiredRole,
  type Escalation,
  type HandoffResult,
} from './handoff.ts';

export type ComplianceOutput =
  'compliance.ReviewCompleted' | 'compliance.EscalationRequested' | 'compliance.ApprovalRefused';

export interface ReviewCase extends Escalation {
  readonly correlationId: string;
  /** The latest escalation record of the case. */
  readonly request: EscalationRequested;
  readonly updatedAt: number;
}

/** Cases by escalation id, in a persistent map: an event does not copy every open case. */
export interface ComplianceState {
  readonly cases: ImmutableMap<string, ReviewCase>;
  /** Event time of the last sweep of closed cases. */
  readonly sweptAt: number;
}

export function judge(
  state: ComplianceState,
  event: IncomingEvent<'human.DecisionRecorded'>,
  config: ComplianceConfig,
): { found?: ReviewCase; result: HandoffResult | null } {
  const found = state.cases.get(event.payload.escalationId);
  if (!found) return { result: null };
  const decision = {
    approverId: event.payload.approverId,
    actorId: event.actor.userId,
    actorRoles: event.actor.roles,
    verdict: event.payload.verdict,
  };
  return { found, result: recordDecision(found, decision, config) };
}

export function outcomeOf(
  event: IncomingEvent<'human.DecisionRecorded'>,
  found: ReviewCase | undefined,
  result: HandoffResult | null,
): Proposed<ComplianceOutput>[] {
  const { escalationId, decisionId, approverId } = event.payload;
  const refused = (reason: string): Proposed<ComplianceOutput> => ({
    type: 'compliance.ApprovalRefused',
    classification: 'INTERNAL',
    costMicros: 0,
    payload: { escalationId, decisionId, approverId, reason },
  });
  if (!found || !result) return [refused(`no open escalation ${escalationId}`)];
  if (result.kind === 'refused') return [refused(result.reason)];
  if (result.kind === 'awaiting') return [];
  const approved = result.kind === 'approved';
  // The rationale an auditor reads: who, that it was a human review, of which case, and why.
  const who = approved
    ? `approved by ${result.escalation.approvals.join(' and ')}`
    : `rejected by ${approverId}`;
  const comment = event.payload.comment ? `: ${event.payload.comment}` : '';
  const reason = `${who} on human review of escalation ${escalationId}${comment}`;
  const { requestId, recommendationId, recommendation } = found.request;
  return [
    {
      type: 'compliance.ReviewCompleted',
      classification: 'INTERNAL',
      costMicros: 0,
      confidence: { outcome: 'CONFIDENT', score: 1, rationale: reason },
      payload: {
        reviewId: `${escalationId}:completed`,
        requestId,
        recommendationId,
        escalationId,
        outcome: approved ? 'APPROVED' : 'REJECTED',
        decidedBy: 'HUMAN',
        approvers: approved ? [...result.escalation.approvals] : [approverId],
        recommendation,
        reason,
      },
    },
  ];
}

export function timedOut(
  state: ComplianceState,
  event: IncomingEvent<'workflow.DeadlineReached'>,
  config: ComplianceConfig,
): Proposed<ComplianceOutput>[] {
  if (event.payload.name !== config.reviewDeadline) return [];
  const pending = state.cases
    .valueSeq()
    .filter((c) => c.correlationId === event.correlationId && c.status === 'pending');
  return pending.toArray().map((c) => {
    const { level } = escalateOnTimeout(c);
    const reasons = [
      `review at level ${c.level} was not completed by its deadline`,
      ...c.request.reasons.filter((r) => !r.startsWith('review at level')),
    ];
    return escalation({
      ...c.request,
      level,
      requiredRole: requiredRole(level, config),
      approvalsSoFar: c.approvals.length,
      reasons,
    });
  });
}

/** True when no case of the workflow still waits for a human: its review deadlines are moot. */
export function settled(state: ComplianceState, correlationId: string): boolean {
  return !state.cases.some((c) => c.correlationId === correlationId && c.status === 'pending');
}

export function opened(
  state: ComplianceState,
  event: IncomingEvent<'compliance.EscalationRequested'>,
): ComplianceState {
  const { payload } = event;
  const existing = state.cases.get(payload.escalationId);
  if (existing && existing.status !== 'pending') return state;
  const base = {
    approvals: existing?.approvals ?? [],
    status: 'pending' as const,
    excludedApprovers: payload.excludedApprovers ?? [],
  };
  const next: ReviewCase = {
    ...base,
    level: payload.level,
    requiredApprovals: payload.requiredApprovals,
    correlationId: event.correlationId,
    request: payload,
    updatedAt: event.occurredAt,
  };
  return { ...state, cases: state.cases.set(payload.escalationId, next) };
}

/** Drops closed cases past their retention; pending ones stay until a human decides them. */
export function pruned(state: ComplianceState, now: number, config: ComplianceConfig): ComplianceState {
  const kept = sweep(
    { entries: state.cases, sweptAt: state.sweptAt },
    now,
    config.retentionMs,
    (c, stale) => c.status === 'pending' || c.updatedAt > stale,
  );
  return kept.sweptAt === state.sweptAt ? state : { cases: kept.entries, sweptAt: kept.sweptAt };
}
