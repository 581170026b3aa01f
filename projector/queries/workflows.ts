// Reading workflows: the current state, every version, and the state as of a moment.
import { WORKFLOW_COLUMNS, workflowFromRow } from '../projections/workflow-row.ts';
import type { WorkflowState } from '../projections/workflow-state.ts';
import type { WorkflowStatus } from '../projections/workflow-status.ts';
import type { Db, Queryable, Row } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { asDate, asNullableText, asNumber, asText } from '../store/values.ts';
import type { KafkaCoordinates } from '../types.ts';
import { pageParams, type Page } from './page.ts';

export interface WorkflowSnapshot {
  readonly correlationId: string;
  readonly version: number;
  readonly state: WorkflowState;
  readonly decidedAt: string;
  readonly decisionId: string;
  readonly policyVersion: string;
  /** The decision record in sg.decisions. */
  readonly coordinates: KafkaCoordinates;
  /** The proposed record the decision was about. */
  readonly origin: KafkaCoordinates & { readonly timestamp: string };
  readonly traceparent: string | null;
}

const SNAPSHOT_COLUMNS = `correlation_id, version, state, decided_at, decision_id, policy_version, topic, partition,
  kafka_offset, origin_topic, origin_partition, origin_offset, origin_timestamp, traceparent`;

function snapshotFromRow(row: Row): WorkflowSnapshot {
  return {
    correlationId: asText(row.correlation_id),
    version: asNumber(row.version),
    state: row.state as WorkflowState,
    decidedAt: asDate(row.decided_at).toISOString(),
    decisionId: asText(row.decision_id),
    policyVersion: asText(row.policy_version),
    coordinates: {
      topic: asText(row.topic),
      partition: asNumber(row.partition),
      offset: asText(row.kafka_offset),
    },
    origin: {
      topic: asText(row.origin_topic),
      partition: asNumber(row.origin_partition),
      offset: asText(row.origin_offset),
      timestamp: asDate(row.origin_timestamp).toISOString(),
    },
    traceparent: asNullableText(row.traceparent),
  };
}

export function getWorkflow(db: Db, schema: string, correlationId: string): Promise<WorkflowState | null> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE correlation_id = $1`, [
      correlationId,
    ]);
    return rows[0] ? workflowFromRow(rows[0]) : null;
  });
}

export interface WorkflowFilter {
  readonly status?: WorkflowStatus;
  /** Only workflows with a decision at or after this time. */
  readonly since?: Date;
  readonly limit?: number;
  /**
   * Only workflows these tenants own (migration 11's column); `unowned: true` lists instead those
   * with no tenant on their row (projected before it, or with every record denied so far).
   */
  readonly tenants?: readonly string[];
  readonly unowned?: boolean;
}

/** Most recently active first. */
export function listWorkflows(db: Db, schema: string, filter: WorkflowFilter = {}): Promise<WorkflowState[]> {
  const owner = filter.unowned ? 'tenant IS NULL' : filter.tenants ? 'tenant = ANY($4::text[])' : 'true';
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${WORKFLOW_COLUMNS} FROM workflows
       WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR last_seen_at >= $2) AND ${owner}
       ORDER BY last_seen_at DESC, correlation_id LIMIT $3`,
      [
        filter.status ?? null,
        filter.since?.toISOString() ?? null,
        filter.limit ?? 100,
        ...(filter.tenants && !filter.unowned ? [filter.tenants] : []),
      ],
    );
    return rows.map(workflowFromRow);
  });
}

/** Every version of the workflow, oldest first; a page of them after a version when asked. */
export function workflowHistory(
  db: Db,
  schema: string,
  correlationId: string,
  page: Page = {},
): Promise<WorkflowSnapshot[]> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM workflow_snapshots WHERE correlation_id = $1 AND version > $2
       ORDER BY version LIMIT $3`,
      [correlationId, ...pageParams(page)],
    );
    return rows.map(snapshotFromRow);
  });
}

/** The workflow's snapshots of the given versions, oldest first. */
export async function snapshotsAt(
  tx: Queryable,
  correlationId: string,
  versions: readonly number[],
): Promise<WorkflowSnapshot[]> {
  const { rows } = await tx.query(
    `SELECT ${SNAPSHOT_COLUMNS} FROM workflow_snapshots WHERE correlation_id = $1 AND version = ANY($2::int[])
     ORDER BY version`,
    [correlationId, versions],
  );
  return rows.map(snapshotFromRow);
}

/** The workflow as it stood at a moment: its latest snapshot decided at or before it. */
export function workflowAsOf(
  db: Db,
  schema: string,
  correlationId: string,
  at: Date,
): Promise<WorkflowSnapshot | null> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM workflow_snapshots WHERE correlation_id = $1 AND decided_at <= $2
       ORDER BY decided_at DESC, version DESC LIMIT 1`,
      [correlationId, at.toISOString()],
    );
    return rows[0] ? snapshotFromRow(rows[0]) : null;
  });
}
