// Where each field of a workflow's projected state came from: the version at which the field took
// the value it holds now, and that version's decision — its record on sg.decisions, the proposed
// record it decided, the policy version and the trace. One query over the immutable snapshots:
// each field's value is compared with the version before it, and the last change wins.
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { asNumber, asText } from '../store/values.ts';
import { snapshotsAt, type WorkflowSnapshot } from './workflows.ts';

export interface FieldOrigin {
  readonly value: unknown;
  /** The version whose decision set the value; the fields the fold sets on every decision name the latest. */
  readonly version: number;
  /** The event type of that decision. */
  readonly eventType: string;
  readonly decisionId: string;
  readonly decidedAt: string;
  readonly policyVersion: string;
  readonly record: WorkflowSnapshot['coordinates'];
  readonly origin: WorkflowSnapshot['origin'];
  readonly traceparent: string | null;
}

// `version` and `lastDecisionId` change on every decision: they are the snapshot's own identity.
const CHANGES_SQL = `
WITH fields AS (
  SELECT s.version, f.key, f.value,
         lag(f.value) OVER (PARTITION BY f.key ORDER BY s.version) AS before
    FROM workflow_snapshots s, jsonb_each(s.state) AS f(key, value)
   WHERE s.correlation_id = $1 AND f.key NOT IN ('version', 'lastDecisionId', 'correlationId')
)
SELECT key, max(version) FILTER (WHERE before IS NULL OR before <> value) AS since
  FROM fields GROUP BY key ORDER BY key`;

/** Each field of the workflow's current state with its origin; null when the workflow is unknown. */
export function fieldProvenance(
  db: Db,
  schema: string,
  correlationId: string,
): Promise<Record<string, FieldOrigin> | null> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(CHANGES_SQL, [correlationId]);
    if (rows.length === 0) return null;
    const since = new Map(rows.map((row) => [asText(row.key), asNumber(row.since)]));
    const snapshots = new Map(
      (await snapshotsAt(tx, correlationId, [...new Set(since.values())])).map((s) => [s.version, s]),
    );
    const latest = Math.max(...snapshots.keys());
    const current = snapshots.get(latest)?.state as unknown as Record<string, unknown>;
    const fields: Record<string, FieldOrigin> = {};
    for (const [field, version] of since) {
      const snapshot = snapshots.get(version)!;
      fields[field] = {
        value: current[field],
        version,
        eventType: snapshot.state.currentStep,
        decisionId: snapshot.decisionId,
        decidedAt: snapshot.decidedAt,
        policyVersion: snapshot.policyVersion,
        record: snapshot.coordinates,
        origin: snapshot.origin,
        traceparent: snapshot.traceparent,
      };
    }
    return fields;
  });
}
