// The audit trail of one workflow: every decision row of the hash chain, in chain order.
// Role `read`, for a workflow of the caller's tenants, and of it the rows of their records.
import { z } from 'zod';
import { auditTrail } from '../../projector/index.ts';
import { assertWorkflowTenant, callerOf, entriesOfCallersTenants } from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { nextAfter, pageQuery } from '../http/page.ts';

const query = z.strictObject({
  workflow: z.string().min(1).max(200).describe('workflow (correlation) id'),
  ...pageQuery,
});

export function auditRoutes(app: ApiApp, { db, schema, tenants }: ApiContext): void {
  app.get(
    '/audit',
    {
      config: { access: 'read' },
      schema: {
        tags: ['audit'],
        summary:
          "A workflow's audit rows with their decisions, in chain order, a page at a time (after a seq)",
        querystring: query,
      },
    },
    async (request) => {
      const { workflow, after, limit } = request.query;
      const caller = callerOf(request);
      await assertWorkflowTenant(tenants, caller, workflow);
      const rows = await auditTrail(db, schema, workflow, { after, limit });
      const entries = rows.map(({ canonical, ...row }) => ({
        ...row,
        decision: JSON.parse(canonical) as { readonly envelope?: unknown },
        canonical,
      }));
      // The page is cut before the filter, so `next` still walks the whole chain.
      const visible = await entriesOfCallersTenants(tenants, caller, entries);
      return { correlationId: workflow, entries: visible, next: nextAfter(rows, limit, (row) => row.seq) };
    },
  );
}
