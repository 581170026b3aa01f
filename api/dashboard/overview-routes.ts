// GET /dashboard/overview and /dashboard/lag: what the overview's charts draw. Counts over every
// tenant and every consumer group: role `operate`.
import { z } from 'zod';
import { lagThresholds } from '../../projector/lag.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { spendAgainstBudgets } from './budget-queries.ts';
import { consumerLag } from './consumer-lag.ts';
import { overview } from './overview-queries.ts';

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
    async (request) => {
      const found = await overview(db, schema, request.query.minutes);
      const { upTo, minutes } = found;
      const spend =
        upTo === null ? null : await spendAgainstBudgets(db, schema, { upTo, minutes }, ctx.budgets ?? []);
      return { ...found, spend };
    },
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
