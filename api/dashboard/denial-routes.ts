// GET /denials: which policies stop what, for the dashboard and for operators' scripts. Counts
// over every tenant: role `operate`.
import type { ApiApp, ApiContext } from '../http/context.ts';
import { denialsByPolicy } from './denials-by-policy.ts';

export function denialRoutes(app: ApiApp, { db, schema }: ApiContext): void {
  app.get(
    '/denials',
    {
      config: { access: 'operate' },
      schema: {
        tags: ['audit'],
        summary: 'Verdicts other than ALLOW by policy (DENY, LIMIT, REDACT), counted from the audit log',
      },
    },
    async () => ({ policies: await denialsByPolicy(db, schema) }),
  );
}
