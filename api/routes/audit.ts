// The audit trail of one workflow: every decision row of the hash chain, in chain order.
// Role `read`, for a workflow of the caller's tenants.
import { z } from 'zod';
import { auditTrail } from '../../projector/index.ts';
import { assertWorkflowTenant, callerOf } from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';

const query = z.strictObject({ workflow: z.string().min(1).max(200).describe('workflow (correlation) id') });

export function auditRoutes(app: ApiApp, { db, schema, tenants }: ApiContext): void {
  app.get(
    '/audit',
    {
      config: { access: 'read' },
      schema: {
        tags: ['audit'],
        summary: "A workflow's audit rows with their decisions, in chain order",
        querystring: query,
      },
    },
    async (request) => {
      await assertWorkflowTenant(tenants, callerOf(request), request.query.workflow);
      const rows = await auditTrail(db, schema, request.query.workflow);
      const entries = rows.map(({ canonical, ...row }) => ({
        ...row,
        decision: JSON.parse(canonical) as unknown,
        canonical,
      }));
      return { correlationId: request.query.workflow, entries };
    },
  );
}
