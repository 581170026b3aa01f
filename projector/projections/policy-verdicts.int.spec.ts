import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyVerdict } from '../../schemas/generated/types.ts';
import { applyBatch } from '../apply-batch.ts';
import { migrate } from '../migrations/migrate.ts';
import { migrations } from '../migrations/list.ts';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { freshSchema, openTestDb, uniqueSchemaName } from '../testing/database.ts';
import { decisionStream } from '../testing/decisions.ts';
import type { DecisionEntry } from '../types.ts';
import { policyVerdictsProjection } from './policy-verdicts.ts';
import { projections } from './index.ts';

const db = openTestDb();
afterAll(() => db.close());

const flag = (policy: string, verdict: PolicyVerdict['verdict']): PolicyVerdict => ({
  policy,
  verdict,
  reason: 'flagged',
});

/** Three workflows: workflow-0 denied twice by pii, workflow-1 limited and redacted, workflow-2 clean. */
function flaggedStream(): DecisionEntry[] {
  const extra: Record<string, PolicyVerdict[]> = {
    'decision-0-1': [flag('pii', 'DENY')],
    'decision-0-3': [flag('pii', 'DENY'), flag('rbac', 'DENY')],
    'decision-1-0': [flag('classification-ceiling', 'LIMIT')],
    'decision-1-3': [flag('pii', 'REDACT')],
  };
  return decisionStream(3).map((entry) => ({
    ...entry,
    decision: {
      ...entry.decision,
      verdicts: [...entry.decision.verdicts, ...(extra[entry.decision.decisionId] ?? [])],
    },
  }));
}

const EXPECTED = [
  { policy: 'classification-ceiling', denied: '0', limited: '1', redacted: '0', workflows: '1' },
  { policy: 'pii', denied: '2', limited: '0', redacted: '1', workflows: '2' },
  { policy: 'rbac', denied: '1', limited: '0', redacted: '0', workflows: '1' },
];

const counts = (database: Db, schema: string) =>
  inSchema(database, schema, async (tx) => {
    const { rows } = await tx.query(
      'SELECT policy, denied, limited, redacted, workflows FROM policy_verdicts ORDER BY policy',
    );
    return rows;
  });

describe('the policy verdicts projection', () => {
  it('counts the verdicts other than ALLOW per policy, each flagged workflow once', async () => {
    const schema = await freshSchema(db);

    await applyBatch(db, schema, flaggedStream().slice(0, 10), { group: 'projector' });
    await applyBatch(db, schema, flaggedStream().slice(10), { group: 'projector' });

    expect(await counts(db, schema)).toEqual(EXPECTED);
  });

  it('recounts, when migrated onto an existing schema, the decisions projected before it', async () => {
    const schema = uniqueSchemaName();
    const before = migrations.filter((m) => m.version <= 5);
    await migrate(db, schema, before);
    // Today's workflows projection needs migration 8's columns, activity its table (9): only the others ran before 6.
    const earlierProjections = projections.filter(
      (p) => ![policyVerdictsProjection.name, 'workflows', 'activity_minutes'].includes(p.name),
    );
    await applyBatch(
      db,
      schema,
      flaggedStream(),
      { group: 'projector' },
      { projections: earlierProjections },
    );

    const report = await migrate(db, schema);

    expect(report.applied).toEqual(migrations.filter((m) => m.version > 5).map((m) => m.version));
    expect(await counts(db, schema)).toEqual(EXPECTED);
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  });
});
