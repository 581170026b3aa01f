import { AUDIT_COLUMNS, auditRowFromRow, type AuditRow } from '../audit/audit-row.ts';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { pageParams, type Page } from './page.ts';

/** The audit rows of one workflow, in chain order; a page of them after a seq when asked. */
export function auditTrail(
  db: Db,
  schema: string,
  correlationId: string,
  page: Page = {},
): Promise<AuditRow[]> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE correlation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [correlationId, ...pageParams(page)],
    );
    return rows.map(auditRowFromRow);
  });
}

/**
 * The workflow's audit rows of the given event types and outcome, in chain order: the database
 * reads the type from the stored decision, so only those rows reach the caller.
 */
export function auditTrailOf(
  db: Db,
  schema: string,
  correlationId: string,
  eventTypes: readonly string[],
  outcome: string,
): Promise<AuditRow[]> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${AUDIT_COLUMNS} FROM (SELECT ${AUDIT_COLUMNS}, canonical::jsonb AS decision FROM audit_log
         WHERE correlation_id = $1) a
       WHERE a.decision ->> 'eventType' = ANY($2::text[]) AND a.decision ->> 'outcome' = $3 ORDER BY seq`,
      [correlationId, eventTypes, outcome],
    );
    return rows.map(auditRowFromRow);
  });
}
