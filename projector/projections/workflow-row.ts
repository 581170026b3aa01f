import type { Row } from '../store/db.ts';
import { asDate, asNumber, asText } from '../store/values.ts';
import type { WorkflowState } from './workflow-state.ts';
import type { WorkflowStatus } from './workflow-status.ts';

// escalation_open, answered and missing were added by migration 8 (008_workflow_answers.ts),
// tenant by migration 11 (011_workflow_tenant.ts).
export const WORKFLOW_COLUMNS = `correlation_id, status, current_step, participants, total_cost_micros, decisions,
  denials, version, first_seen_at, last_seen_at, last_decision_id, policy_version, escalation_open, answered, missing,
  tenant`;

export function workflowFromRow(row: Row): WorkflowState {
  return {
    correlationId: asText(row.correlation_id),
    status: asText(row.status) as WorkflowStatus,
    escalationOpen: row.escalation_open === true,
    answered: row.answered === true,
    missing: (row.missing as unknown[]).map(asText),
    currentStep: asText(row.current_step),
    participants: (row.participants as unknown[]).map(asText),
    totalCostMicros: asNumber(row.total_cost_micros),
    decisions: asNumber(row.decisions),
    denials: asNumber(row.denials),
    version: asNumber(row.version),
    firstSeenAt: asDate(row.first_seen_at).toISOString(),
    lastSeenAt: asDate(row.last_seen_at).toISOString(),
    lastDecisionId: asText(row.last_decision_id),
    policyVersion: asText(row.policy_version),
    tenant: row.tenant === null || row.tenant === undefined ? null : asText(row.tenant),
  };
}

export function workflowParams(state: WorkflowState): unknown[] {
  return [
    state.correlationId,
    state.status,
    state.currentStep,
    JSON.stringify(state.participants),
    state.totalCostMicros,
    state.decisions,
    state.denials,
    state.version,
    state.firstSeenAt,
    state.lastSeenAt,
    state.lastDecisionId,
    state.policyVersion,
    state.escalationOpen,
    state.answered,
    JSON.stringify(state.missing),
    state.tenant,
  ];
}
