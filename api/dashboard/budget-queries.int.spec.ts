// Spend against budgets over the projector's tables on real PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../../projector/index.ts';
import { freshSchema, openTestDb } from '../../projector/testing/database.ts';
import { BANKING_FLOW, decisionStream } from '../../projector/testing/decisions.ts';
import { spendAgainstBudgets } from './budget-queries.ts';
import { overview } from './overview-queries.ts';

const db = openTestDb();
afterAll(() => db.close());

describe('spend against budgets', () => {
  it('counts the window’s workflows near (80 %+) and at each budget, with the spread of their spend', async () => {
    const schema = await freshSchema(db);
    // Workflows 0 and 1 spend 6,200 micros (the banking flow's fraud score and advice); 2 spends nothing.
    const spent = BANKING_FLOW.reduce((sum, step) => sum + (step.costMicros ?? 0), 0);
    expect(spent).toBe(6_200);
    await applyBatch(db, schema, decisionStream(3, 3, { 2: [BANKING_FLOW[0]!] }), { group: 'projector' });
    const { upTo, minutes } = await overview(db, schema, 60);
    const rules = [
      { appliesTo: 'advice.*', budgetMicros: 6_200 },
      { appliesTo: 'human.*', budgetMicros: 7_000 },
      { appliesTo: '* (default)', budgetMicros: 100_000 },
      { appliesTo: 'agent runtime', budgetMicros: 6_200 },
    ];

    const spend = await spendAgainstBudgets(db, schema, { upTo: upTo!, minutes }, rules);

    expect(spend).toEqual({
      workflows: 3,
      p50Micros: 6_200,
      p95Micros: 6_200,
      maxMicros: 6_200,
      budgets: [
        { appliesTo: 'advice.*', budgetMicros: 6_200, near: 2, reached: 2 },
        { appliesTo: 'human.*', budgetMicros: 7_000, near: 2, reached: 0 },
        { appliesTo: '* (default)', budgetMicros: 100_000, near: 0, reached: 0 },
        { appliesTo: 'agent runtime', budgetMicros: 6_200, near: 2, reached: 2 },
      ],
    });
  });

  it('lists each budget with nothing near it when no workflow is active in the window', async () => {
    const schema = await freshSchema(db);
    await applyBatch(db, schema, decisionStream(1), { group: 'projector' });
    const later = new Date(Date.UTC(2030, 0, 1)).toISOString();
    const spend = await spendAgainstBudgets(db, schema, { upTo: later, minutes: 5 }, [
      { appliesTo: '* (default)', budgetMicros: 1_000 },
    ]);
    expect(spend).toEqual({
      workflows: 0,
      p50Micros: 0,
      p95Micros: 0,
      maxMicros: 0,
      budgets: [{ appliesTo: '* (default)', budgetMicros: 1_000, near: 0, reached: 0 }],
    });
  });
});
