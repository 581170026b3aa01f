// Versioned migrations, applied in order and recorded in schema_migrations. An applied
// migration never changes (its checksum is checked); new tables or columns get a new entry.
import {
  activityProjection,
  agentStatsProjection,
  incidentsProjection,
  policyVerdictsProjection,
  workflowsProjection,
} from '../projections/index.ts';
import { projectorOffsets } from './001_projector_offsets.ts';
import { auditLog } from './002_audit_log.ts';
import { queryIndexes } from './007_query_indexes.ts';
import { workflowAnswers } from './008_workflow_answers.ts';
import { workflowStatusCounts } from './010_workflow_status_counts.ts';
import { workflowTenant } from './011_workflow_tenant.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Unqualified DDL; it runs with search_path set to the target schema. */
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'projector_offsets', sql: projectorOffsets },
  { version: 2, name: 'audit_log', sql: auditLog },
  { version: 3, name: 'workflows', sql: workflowsProjection.init },
  { version: 4, name: 'agent_stats', sql: agentStatsProjection.init },
  { version: 5, name: 'incidents', sql: incidentsProjection.init },
  {
    version: 6,
    name: 'policy_verdicts',
    sql: policyVerdictsProjection.init + policyVerdictsProjection.backfill,
  },
  { version: 7, name: 'query_indexes', sql: queryIndexes },
  { version: 8, name: 'workflow_answers', sql: workflowAnswers },
  { version: 9, name: 'activity_minutes', sql: activityProjection.init + activityProjection.backfill },
  { version: 10, name: 'workflow_status_counts', sql: workflowStatusCounts },
  { version: 11, name: 'workflow_tenant', sql: workflowTenant },
];

/** Tables the application role may only read and append to. */
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_checkpoints', 'workflow_snapshots'] as const;
