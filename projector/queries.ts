// The query side of the projector: what the HTTP API and the CLI serve.
export { agentStats, type AgentStats } from './queries/agents.ts';
export { auditTrail, auditTrailOf } from './queries/audit.ts';
export type { Page } from './queries/page.ts';
export { exportCaseFile, type CaseFile, type CaseFileEntry } from './queries/case-file.ts';
export { fieldProvenance, type FieldOrigin } from './queries/field-provenance.ts';
export { stateHash, tableHashes } from './queries/state-hash.ts';
export {
  getWorkflow,
  listWorkflows,
  workflowAsOf,
  workflowHistory,
  type WorkflowFilter,
  type WorkflowSnapshot,
} from './queries/workflows.ts';
