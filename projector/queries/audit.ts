import { AUDIT_COLUMNS, auditRowFromRow, type AuditRow } from '../audit/audit-row.ts';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';

/** The audit rows of one workflow, in chain order. */
export function auditTrail(db: Db, schema: string, correlationId: string): Promise<AuditRow[]> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE correlation_id = $1 ORDER BY seq`,
      [correlationId],
    );
    return rows.map(auditRowFromRow);
  });
}
