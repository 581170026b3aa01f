// Workflow state, one row per correlation id, and its immutable history: one snapshot per
// version with the provenance of the decision that produced it. The row is updated only at
// the version we read (optimistic concurrency); a concurrent writer makes the batch fail and
// retry rather than silently interleave.
import type { Decision } from '../../schemas/generated/types.ts';
import { WorkflowVersionConflict } from '../errors.ts';
import { isoOf } from '../store/values.ts';
import type { KafkaCoordinates } from '../types.ts';
import type { Projection, SqlStatement } from './projection.ts';
import { WORKFLOW_COLUMNS, workflowFromRow, workflowParams } from './workflow-row.ts';
import { evolveWorkflow, type WorkflowState } from './workflow-state.ts';

/** Migration 3; later columns and the wider status check are migration 8 (008_workflow_answers.ts). */
const init = `
CREATE TABLE workflows (
  correlation_id    text PRIMARY KEY,
  status            text NOT NULL CHECK (status IN ('active', 'denied', 'escalated', 'completed', 'failed')),
  current_step      text NOT NULL,
  participants      jsonb NOT NULL,
  total_cost_micros bigint NOT NULL,
  decisions         bigint NOT NULL,
  denials           bigint NOT NULL,
  version           integer NOT NULL CHECK (version > 0),
  first_seen_at     timestamptz NOT NULL,
  last_seen_at      timestamptz NOT NULL,
  last_decision_id  text NOT NULL,
  policy_version    text NOT NULL
);
CREATE INDEX workflows_by_status ON workflows (status, last_seen_at);
CREATE TABLE workflow_snapshots (
  correlation_id   text NOT NULL,
  version          integer NOT NULL,
  state            jsonb NOT NULL,
  decided_at       timestamptz NOT NULL,
  decision_id      text NOT NULL UNIQUE,
  policy_version   text NOT NULL,
  topic            text NOT NULL,
  partition        integer NOT NULL,
  kafka_offset     bigint NOT NULL,
  origin_topic     text NOT NULL,
  origin_partition integer NOT NULL,
  origin_offset    bigint NOT NULL,
  origin_timestamp timestamptz NOT NULL,
  traceparent      text,
  PRIMARY KEY (correlation_id, version)
);
CREATE INDEX workflow_snapshots_as_of ON workflow_snapshots (correlation_id, decided_at);
CREATE TRIGGER workflow_snapshots_append_only BEFORE UPDATE OR DELETE ON workflow_snapshots
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER workflow_snapshots_no_truncate BEFORE TRUNCATE ON workflow_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
`;

// One round trip: the row moves to the next version only from the expected one, and the
// snapshot is written only if it did. No row back means another writer got there first.
const moveAndSnapshot = (
  next: WorkflowState,
  expected: number,
  decision: Decision,
  at: KafkaCoordinates,
): SqlStatement => ({
  sql: `WITH moved AS (
          INSERT INTO workflows (${WORKFLOW_COLUMNS})
          VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16)
          ON CONFLICT (correlation_id) DO UPDATE SET
            status = excluded.status, current_step = excluded.current_step,
            participants = excluded.participants, total_cost_micros = excluded.total_cost_micros,
            decisions = excluded.decisions, denials = excluded.denials, version = excluded.version,
            first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at,
            last_decision_id = excluded.last_decision_id, policy_version = excluded.policy_version,
            escalation_open = excluded.escalation_open, answered = excluded.answered, missing = excluded.missing,
            tenant = excluded.tenant
          WHERE workflows.version = $17
          RETURNING correlation_id, version
        ), snapshot AS (
          INSERT INTO workflow_snapshots (correlation_id, version, state, decided_at, decision_id, policy_version,
            topic, partition, kafka_offset, origin_topic, origin_partition, origin_offset, origin_timestamp, traceparent)
          SELECT correlation_id, version, $18::jsonb, $19::timestamptz, $20::text, $21::text, $22::text, $23::integer,
            $24::bigint, $25::text, $26::integer, $27::bigint, $28::timestamptz, $29::text
          FROM moved
          ON CONFLICT (correlation_id, version) DO NOTHING
        )
        SELECT version FROM moved`,
  params: [
    ...workflowParams(next),
    expected,
    JSON.stringify(next),
    isoOf(decision.decidedAt),
    decision.decisionId,
    decision.policyVersion,
    at.topic,
    at.partition,
    at.offset,
    decision.origin.topic,
    decision.origin.partition,
    String(decision.origin.offset),
    isoOf(decision.origin.timestamp),
    decision.traceparent ?? null,
  ],
  onNoRow: () => new WorkflowVersionConflict(next.correlationId, expected),
});

export const workflowsProjection: Projection<WorkflowState | null> = {
  name: 'workflows',
  init,
  canHandle: () => true,
  async load(tx, decision) {
    const { rows } = await tx.query(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE correlation_id = $1`, [
      decision.correlationId,
    ]);
    return rows[0] ? workflowFromRow(rows[0]) : null;
  },
  evolve(decision, coordinates, current, facts) {
    const next = evolveWorkflow(current, decision, facts);
    return [moveAndSnapshot(next, current?.version ?? 0, decision, coordinates)];
  },
};
