import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyVerdict } from '../../schemas/generated/types.ts';
import { applyBatch } from '../apply-batch.ts';
import { migrate } from '../migrations/migrate.ts';
import { migrations } from '../migrations/list.ts';
import { inSchema, quoteSchema } from '../store/schema-scope.ts';
import { freshSchema, openTestDb, uniqueSchemaName } from '../testing/database.ts';
import { decisionStream } from '../testing/decisions.ts';
import type { DecisionEntry } from '../types.ts';
import { activityProjection } from './activity.ts';
import { projections } from './index.ts';

const db = openTestDb();
afterAll(() => db.close());

const deny = (policy: string): PolicyVerdict => ({ policy, verdict: 'DENY', reason: 'flagged' });

/** Three workflows over several minutes, with denials, a fallback and spend (decisionStream's own). */
const stream = (): DecisionEntry[] =>
  decisionStream(3).map((entry, i) => ({
    ...entry,
    decision: {
      ...entry.decision,
      decidedAt: entry.decision.decidedAt + i * 25_000,
      verdicts: [...entry.decision.verdicts, ...(i % 4 === 1 ? [deny('prompt-injection')] : [])],
    },
  }));

const rows = (schema: string) =>
  inSchema(db, schema, async (tx) => {
    const { rows: found } = await tx.query(
      'SELECT minute, series, label, count, total FROM activity_minutes ORDER BY minute, series, label',
    );
    return found;
  });

describe('the activity per minute projection', () => {
  it('counts, when migrated onto an existing schema, the decisions projected before it exactly as it counts them live', async () => {
    const live = await freshSchema(db);
    await applyBatch(db, live, stream().slice(0, 7), { group: 'projector' });
    await applyBatch(db, live, stream().slice(7), { group: 'projector' });
    const migrated = uniqueSchemaName();
    // Before activity (9); with the workflows' tenant column (11), which this code's workflows write.
    await migrate(
      db,
      migrated,
      migrations.filter((m) => m.version < 9 || m.version === 11),
    );
    const before = projections.filter((p) => p.name !== activityProjection.name);
    await applyBatch(db, migrated, stream(), { group: 'projector' }, { projections: before });

    await migrate(db, migrated);

    const counted = await rows(live);
    expect(counted.map((row) => row.series)).toEqual(
      expect.arrayContaining(['decided', 'denial', 'incident', 'spend']),
    );
    expect(await rows(migrated)).toEqual(counted);
    await db.exec(`DROP SCHEMA ${quoteSchema(migrated)} CASCADE`);
  });
});
