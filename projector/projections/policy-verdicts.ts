// Verdicts other than ALLOW, counted per policy (what GET /denials shows): DENY, LIMIT and
// REDACT counts, the distinct workflows that met one, and the latest. A decision every policy
// allowed writes nothing here. The workflows a policy flagged are kept as (policy, workflow)
// pairs, so a workflow counts once however often it is flagged. The counts are those an
// auditor recounts from the verdicts in the audit log, which is what the migration does for
// the decisions projected before this table existed.
import type { Decision } from '../../schemas/generated/types.ts';
import { isoOf } from '../store/values.ts';
import { stateless, type Projection } from './projection.ts';

const FLAGGING = ['DENY', 'LIMIT', 'REDACT'] as const;

const init = `
CREATE TABLE policy_verdicts (
  policy    text PRIMARY KEY,
  denied    bigint NOT NULL,
  limited   bigint NOT NULL,
  redacted  bigint NOT NULL,
  workflows bigint NOT NULL,
  last_at   timestamptz NOT NULL
);
CREATE TABLE policy_verdict_workflows (
  policy         text NOT NULL,
  correlation_id text NOT NULL,
  PRIMARY KEY (policy, correlation_id)
);
`;

const COUNTS = `count(*) FILTER (WHERE verdict = 'DENY'), count(*) FILTER (WHERE verdict = 'LIMIT'),
  count(*) FILTER (WHERE verdict = 'REDACT')`;

/** The decisions already in the audit log, counted once when the tables are created. */
const backfill = `
CREATE TEMPORARY TABLE flagged_verdicts ON COMMIT DROP AS
  SELECT v.policy, v.verdict, a.correlation_id, a.decided_at
    FROM audit_log a
   CROSS JOIN LATERAL jsonb_to_recordset(a.canonical::jsonb -> 'verdicts') AS v(policy text, verdict text)
   WHERE v.verdict IN ('DENY', 'LIMIT', 'REDACT');
INSERT INTO policy_verdict_workflows SELECT DISTINCT policy, correlation_id FROM flagged_verdicts;
INSERT INTO policy_verdicts
  SELECT policy, ${COUNTS}, count(DISTINCT correlation_id), max(decided_at) FROM flagged_verdicts GROUP BY policy;
`;

// One round trip: the pairs not seen before, then each flagged policy's counters.
const ADD = `
WITH flagged AS (SELECT * FROM unnest($1::text[], $2::text[]) AS f(policy, verdict)),
first_time AS (
  INSERT INTO policy_verdict_workflows (policy, correlation_id)
  SELECT DISTINCT policy, $3::text FROM flagged
  ON CONFLICT DO NOTHING
  RETURNING policy
)
INSERT INTO policy_verdicts AS p (policy, denied, limited, redacted, workflows, last_at)
SELECT f.policy, ${COUNTS}, (SELECT count(*) FROM first_time n WHERE n.policy = f.policy), $4::timestamptz
  FROM flagged f GROUP BY f.policy
ON CONFLICT (policy) DO UPDATE SET
  denied = p.denied + excluded.denied, limited = p.limited + excluded.limited,
  redacted = p.redacted + excluded.redacted, workflows = p.workflows + excluded.workflows,
  last_at = GREATEST(p.last_at, excluded.last_at)`;

const flaggedOf = (decision: Decision) =>
  decision.verdicts.filter((v) => (FLAGGING as readonly string[]).includes(v.verdict));

export const policyVerdictsProjection: Projection<undefined> & { readonly backfill: string } = {
  name: 'policy_verdicts',
  init,
  backfill,
  canHandle: (decision) => flaggedOf(decision).length > 0,
  load: stateless,
  evolve(decision) {
    const flagged = flaggedOf(decision);
    const params = [
      flagged.map((v) => v.policy),
      flagged.map((v) => v.verdict),
      decision.correlationId,
      isoOf(decision.decidedAt),
    ];
    return [{ sql: ADD, params }];
  },
};
