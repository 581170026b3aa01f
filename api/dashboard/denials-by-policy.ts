// Denials by policy, as counted from the verdicts of every decision in the audit log: the log
// holds every decision exactly as the gate made it, so these counts agree with what an auditor
// would recount from the chain.
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

// Read from the projection kept with the audit log (projector/projections/policy-verdicts.ts):
// one row per policy, however many decisions are stored.
const DENIALS_SQL = `
SELECT policy, denied, limited, redacted, workflows, last_at
  FROM policy_verdicts
 ORDER BY denied DESC, limited DESC, redacted DESC, policy`;

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
