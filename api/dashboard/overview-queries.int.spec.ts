// The overview's workflow counts by status, kept by migration 10's trigger, on real PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch, inSchema } from '../../projector/index.ts';
import { freshSchema, openTestDb } from '../../projector/testing/database.ts';
import { BANKING_FLOW, decisionStream } from '../../projector/testing/decisions.ts';
import { asNumber, asText } from '../../projector/store/values.ts';
import { overview } from './overview-queries.ts';

const db = openTestDb();
afterAll(() => db.close());

const counted = (schema: string) =>
  inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query('SELECT status, count(*) AS n FROM workflows GROUP BY status');
    return Object.fromEntries(rows.map((row) => [asText(row.status), asNumber(row.n)]));
  });

describe('overview statuses', () => {
  it('agree with a count of the workflows after each batch moves them', async () => {
    const schema = await freshSchema(db);
    const denied = [BANKING_FLOW[0]!, { ...BANKING_FLOW[1]!, outcome: 'DENIED' as const }];
    const stream = decisionStream(4, 3, { 3: denied });
    await applyBatch(db, schema, stream.slice(0, 5), { group: 'projector' });
    expect((await overview(db, schema, 60)).statuses).toEqual(await counted(schema));

    await applyBatch(db, schema, stream.slice(5), { group: 'projector' });

    const { statuses } = await overview(db, schema, 60);
    expect(statuses).toEqual(await counted(schema));
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(4);
  });
});
