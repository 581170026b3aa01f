// What compliance says about one recommendation: approve it automatically, or ask for a human
// (low confidence, high value, no rationale). The escalation record carries everything a
// reviewer and the agent itself need later, so it is the case file.
import type { EscalationRequested } from '../../schemas/generated/types.ts';
import type { IncomingEvent, Proposed } from '../decider.ts';
import { formatMinor } from './amounts.ts';
import { beyondAutomaticApproval } from './approval-scope.ts';
import type { ComplianceConfig } from './config.ts';
import { requiredApprovals, requiredRole } from './handoff.ts';

type Recommendation = IncomingEvent<'advice.RecommendationMade'>;

export function escalationReasons(event: Recommendation, config: ComplianceConfig): string[] {
  const { confidence, payload } = event;
  const stake = formatMinor(payload.valueAtStakeMinor, payload.currency);
  return [
    ...(!confidence ? ['the recommendation states no confidence'] : []),
    ...(confidence && confidence.outcome !== 'CONFIDENT' ? [`the advisor was ${confidence.outcome}`] : []),
    ...(confidence && confidence.score < config.minConfidence
      ? [`confidence ${confidence.score} is below ${config.minConfidence}`]
      : []),
    ...(payload.valueAtStakeMinor > config.escalateAboveMinor
      ? [`value at stake ${stake} is above ${formatMinor(config.escalateAboveMinor, payload.currency)}`]
      : []),
    ...(payload.rationale.trim() === '' ? ['the recommendation gives no rationale'] : []),
    ...beyondAutomaticApproval(payload.recommendation),
  ];
}

export function automaticApproval(
  event: Recommendation,
  config: ComplianceConfig,
): Proposed<'compliance.ReviewCompleted'> {
  const reason = `confidence ${event.confidence?.score} meets ${config.minConfidence} and the value at stake is within ${formatMinor(config.escalateAboveMinor, event.payload.currency)}`;
  return {
    type: 'compliance.ReviewCompleted',
    classification: 'INTERNAL',
    costMicros: 0,
    confidence: { outcome: 'CONFIDENT', score: 1, rationale: reason },
    payload: {
      reviewId: `${event.id}:review`,
      requestId: event.payload.requestId,
      recommendationId: event.id,
      escalationId: null,
      outcome: 'APPROVED',
      decidedBy: 'AUTOMATIC',
      approvers: [],
      recommendation: event.payload.recommendation,
      reason,
    },
  };
}

/** The first escalation of a recommendation. The makers (actor, advisor, customer) may not approve. */
export function firstEscalation(
  event: Recommendation,
  reasons: readonly string[],
  config: ComplianceConfig,
): Proposed<'compliance.EscalationRequested'> {
  const { payload } = event;
  const makers = [...new Set([event.actor.userId, event.source, payload.customerId])];
  return escalation({
    escalationId: `${event.id}:escalation`,
    requestId: payload.requestId,
    recommendationId: event.id,
    level: 1,
    requiredRole: requiredRole(1, config),
    requiredApprovals: requiredApprovals(payload.valueAtStakeMinor, config),
    approvalsSoFar: 0,
    excludedApprovers: makers,
    reasons: [...reasons],
    valueAtStakeMinor: payload.valueAtStakeMinor,
    currency: payload.currency ?? null,
    recommendation: payload.recommendation,
  });
}

export function escalation(payload: EscalationRequested): Proposed<'compliance.EscalationRequested'> {
  const rationale = `needs ${payload.requiredApprovals} approval(s) by ${payload.requiredRole} or above: ${payload.reasons.join('; ')}`;
  return {
    type: 'compliance.EscalationRequested',
    classification: 'INTERNAL',
    costMicros: 0,
    confidence: { outcome: 'UNSURE', score: 0, rationale },
    payload,
  };
}
