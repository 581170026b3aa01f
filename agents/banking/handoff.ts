// Human hand-off rules (maker-checker), pure: who may decide an escalation, how many must
// approve, and what a timeout does. A decision that breaks a rule is refused with the reason;
// nothing here ever approves without enough qualified, independent approvals. People are
// compared by subject key, so "alice\u200b" is alice: not a second approver, not a new checker.
import { amongSubjects, sameSubject } from '../../schemas/subject.ts';

export interface HandoffRules {
  /** The reviewer ladder: level n needs role n, or any role above it. */
  readonly reviewerRoles: readonly string[];
  /** Above this value at stake, two distinct reviewers must approve. */
  readonly dualApprovalAboveMinor: number;
}

export interface Escalation {
  readonly level: number;
  readonly requiredApprovals: number;
  /** The makers: whoever proposed or benefits; never a checker. */
  readonly excludedApprovers: readonly string[];
  readonly approvals: readonly string[];
  readonly status: 'pending' | 'approved' | 'rejected';
}

export interface HumanDecision {
  readonly approverId: string;
  /** The authenticated actor of the decision event; must be the approver. */
  readonly actorId: string;
  readonly actorRoles: readonly string[];
  readonly verdict: 'APPROVE' | 'REJECT';
}

export type HandoffResult =
  | { readonly kind: 'refused'; readonly reason: string; readonly escalation: Escalation }
  | { readonly kind: 'awaiting'; readonly remaining: number; readonly escalation: Escalation }
  | { readonly kind: 'approved'; readonly escalation: Escalation }
  | { readonly kind: 'rejected'; readonly escalation: Escalation };

export function requiredApprovals(valueAtStakeMinor: number, rules: HandoffRules): number {
  return valueAtStakeMinor > rules.dualApprovalAboveMinor ? 2 : 1;
}

/** The lowest role that may decide at a level; beyond the top of the ladder, the top role. */
export function requiredRole(level: number, rules: HandoffRules): string {
  return rules.reviewerRoles[Math.min(level, rules.reviewerRoles.length) - 1] ?? '';
}

export function mayReview(roles: readonly string[], level: number, rules: HandoffRules): boolean {
  const lowest = Math.min(level, rules.reviewerRoles.length) - 1;
  return rules.reviewerRoles.some((role, rank) => rank >= lowest && roles.includes(role));
}

function refusal(escalation: Escalation, decision: HumanDecision, rules: HandoffRules): string | null {
  const who = decision.approverId;
  if (escalation.status !== 'pending') return `the escalation is already ${escalation.status}`;
  if (!sameSubject(who, decision.actorId))
    return `approver ${who} is not the acting user ${decision.actorId}`;
  if (amongSubjects(escalation.excludedApprovers, who))
    return `maker-checker: ${who} is a party to the proposal and may not review it`;
  if (!mayReview(decision.actorRoles, escalation.level, rules))
    return `level ${escalation.level} needs the role ${requiredRole(escalation.level, rules)} or above`;
  if (decision.verdict === 'APPROVE' && amongSubjects(escalation.approvals, who))
    return `${who} has already approved; the next approval must come from another reviewer`;
  return null;
}

export function recordDecision(
  escalation: Escalation,
  decision: HumanDecision,
  rules: HandoffRules,
): HandoffResult {
  const reason = refusal(escalation, decision, rules);
  if (reason) return { kind: 'refused', reason, escalation };
  if (decision.verdict === 'REJECT')
    return { kind: 'rejected', escalation: { ...escalation, status: 'rejected' } };
  const approvals = [...escalation.approvals, decision.approverId];
  const remaining = escalation.requiredApprovals - approvals.length;
  if (remaining > 0) return { kind: 'awaiting', remaining, escalation: { ...escalation, approvals } };
  return { kind: 'approved', escalation: { ...escalation, approvals, status: 'approved' } };
}

/** A review that timed out goes one level up. It keeps its approvals and is never approved by time. */
export function escalateOnTimeout(escalation: Escalation): Escalation {
  return escalation.status === 'pending' ? { ...escalation, level: escalation.level + 1 } : escalation;
}
