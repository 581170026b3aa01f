// A workflow's status, derived from its latest decision and the status before it.
//
//   latest decision                                   status
//   outcome DENIED                                    denied
//   type response.CustomerAnswered                    completed
//   type incident.*                                   failed
//   type *.Escalated or human.*Requested              escalated
//   anything else, after completed                    completed  (late events do not reopen)
//   anything else, after escalated, not human.*       escalated  (still waiting for a human)
//   anything else                                     active     (denied and failed recover)
import type { Decision } from '../../schemas/generated/types.ts';

export const WORKFLOW_STATUSES = ['active', 'denied', 'escalated', 'completed', 'failed'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

const isEscalation = (type: string): boolean =>
  type.endsWith('.Escalated') || (type.startsWith('human.') && type.endsWith('Requested'));

export function nextStatus(previous: WorkflowStatus | null, decision: Decision): WorkflowStatus {
  const type = decision.eventType;
  if (decision.outcome === 'DENIED') return 'denied';
  if (type === 'response.CustomerAnswered') return 'completed';
  if (type.startsWith('incident.')) return 'failed';
  if (isEscalation(type)) return 'escalated';
  if (previous === 'completed') return 'completed';
  if (previous === 'escalated' && !type.startsWith('human.')) return 'escalated';
  return 'active';
}
