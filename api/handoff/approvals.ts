// Dual control and maker-checker at the door: a subject that is a party to the proposal, or that
// already approved the escalation, is refused before anything is proposed. Approvals are known
// from the audit trail and, until the projector has caught up, from this instance's own recent
// ones. The compliance agent applies the same rules to what reaches it (agents/banking/handoff.ts).
import { amongSubjects } from '../../schemas/subject.ts';
import { ApiError } from '../http/errors.ts';
import type { ReviewedEscalation } from './escalation.ts';

export class RecentApprovals {
  private readonly byEscalation = new Map<string, string[]>();

  constructor(private readonly capacity = 10_000) {}

  of(escalationId: string): readonly string[] {
    return this.byEscalation.get(escalationId) ?? [];
  }

  /**
   * Counts the subject's approval from before it is sent, so a concurrent second approval by the
   * same subject is refused; the returned function lets go of it when sending fails.
   */
  reserve(escalationId: string, subject: string): () => void {
    this.add(escalationId, subject);
    return () => this.remove(escalationId, subject);
  }

  private add(escalationId: string, subject: string): void {
    const known = this.byEscalation.get(escalationId);
    if (known) {
      known.push(subject);
      return;
    }
    if (this.byEscalation.size >= this.capacity) {
      const oldest = this.byEscalation.keys().next();
      if (!oldest.done) this.byEscalation.delete(oldest.value);
    }
    this.byEscalation.set(escalationId, [subject]);
  }

  private remove(escalationId: string, subject: string): void {
    const known = this.byEscalation.get(escalationId) ?? [];
    const at = known.lastIndexOf(subject);
    if (at >= 0) known.splice(at, 1);
    if (known.length === 0) this.byEscalation.delete(escalationId);
  }
}

export function assertMayDecide(
  escalation: ReviewedEscalation,
  subject: string,
  decision: 'approve' | 'reject',
  recent: RecentApprovals,
): void {
  const { escalationId, excludedApprovers } = escalation.request;
  if (amongSubjects(excludedApprovers ?? [], subject)) {
    throw new ApiError(
      403,
      `maker-checker: ${JSON.stringify(subject)} is a party to escalation ${escalationId} and may not decide it`,
    );
  }
  const approvers = [...escalation.approvedBy, ...recent.of(escalationId)];
  if (decision === 'approve' && amongSubjects(approvers, subject)) {
    throw new ApiError(
      403,
      `dual control: ${JSON.stringify(subject)} has already approved escalation ${escalationId}; the next approval must come from another reviewer`,
    );
  }
}
