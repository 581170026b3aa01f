// The audit trail of one workflow: every decision row of the hash chain, in chain order.
import { z } from 'zod';
import { auditTrail } from '../../projector/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';

const query = z.strictObject({ workflow: z.string().min(1).max(200).describe('workflow (correlation) id') });

export function auditRoutes(app: ApiApp, { db, schema }: ApiContext): void {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "A workflow's audit rows with their decisions, in chain order",
        querystring: query,
      },
    },
    async (request) => {
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
