// GET /dashboard/overview and /dashboard/lag: what the overview's charts draw. Counts over every
// tenant and every consumer group: role `operate`.
import { z } from 'zod';
import { lagThresholds } from '../../projector/lag.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { spendAgainstBudgets } from './budget-queries.ts';
import { consumerLag } from './consumer-lag.ts';
import { overview } from './overview-queries.ts';
import type { BudgetRule } from './budget-queries.ts';
import type { Db } from '../../projector/index.ts';

/** The overview's counts, then spend against budgets over the same window. */
export async function overviewWithSpend(
  db: Db,
  schema: string,
  minutes: number,
  budgets: readonly BudgetRule[],
) {
  const found = await overview(db, schema, minutes);
  const { upTo } = found;
  const spend = upTo === null ? null : await spendAgainstBudgets(db, schema, { upTo, minutes }, budgets);
  return { ...found, spend };
}

const overviewQuery = z.strictObject({
  minutes: z.coerce.number().int().min(1).max(1440).default(60).describe('the window, in minutes'),
});

export function overviewRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db, schema, bus, names, inventory } = ctx;
  const tags = ['operations'];
  const projectorGroup = (ctx.projectorLag ?? lagThresholds()).group;
  app.get(
    '/dashboard/overview',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary:
          'Workflows by status; decisions, denials by policy, incidents, spend and finished workflows per minute, up to the latest decision; spend against budgets',
        querystring: overviewQuery,
      },
    },
    (request) => overviewWithSpend(db, schema, request.query.minutes, ctx.budgets ?? []),
  );
  app.get(
    '/dashboard/lag',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary: 'Records each consumer group (gates, projector, every agent) has yet to read',
      },
    },
    async () => {
      // Senders that consume nothing (the case desk) have no inbox and no group.
      const agents = inventory
        .agents()
        .filter((agent) => agent.consumes.length > 0)
        .map((agent) => agent.name);
      return { groups: await consumerLag({ bus, db, schema, names, projectorGroup }, agents) };
    },
  );
}
