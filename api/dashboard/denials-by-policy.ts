// Denials by policy, counted from the audit log: the log holds every decision exactly as the gate
// made it, so these counts agree with what an auditor would recount from the chain.
import { inSchema, type Db } from '../../projector/index.ts';
import { asDate, asNumber, asText } from '../../projector/store/values.ts';

export interface PolicyDenials {
  readonly policy: string;
  /** DENY verdicts: the record went nowhere. */
  readonly denied: number;
  /** LIMIT verdicts: some recipients were excluded. */
  readonly limited: number;
  /** REDACT verdicts: delivered with fields removed. */
  readonly redacted: number;
  /** Distinct workflows with at least one of these verdicts. */
  readonly workflows: number;
  readonly lastAt: string;
}

// The canonical decision is stored as text (it is what the chain hashes); jsonb reads it here.
const DENIALS_SQL = `
SELECT v.policy,
       count(*) FILTER (WHERE v.verdict = 'DENY')   AS denied,
       count(*) FILTER (WHERE v.verdict = 'LIMIT')  AS limited,
       count(*) FILTER (WHERE v.verdict = 'REDACT') AS redacted,
       count(DISTINCT a.correlation_id)             AS workflows,
       max(a.decided_at)                            AS last_at
  FROM audit_log a
 CROSS JOIN LATERAL jsonb_to_recordset(a.canonical::jsonb -> 'verdicts') AS v(policy text, verdict text)
 WHERE v.verdict IN ('DENY', 'LIMIT', 'REDACT')
 GROUP BY v.policy
 ORDER BY denied DESC, limited DESC, redacted DESC, v.policy`;

/** Every policy that ever returned something other than ALLOW, most denials first. */
export function denialsByPolicy(db: Db, schema: string): Promise<PolicyDenials[]> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(DENIALS_SQL);
    return rows.map((row) => ({
      policy: asText(row.policy),
      denied: asNumber(row.denied),
      limited: asNumber(row.limited),
      redacted: asNumber(row.redacted),
      workflows: asNumber(row.workflows),
      lastAt: asDate(row.last_at).toISOString(),
    }));
  });
}
