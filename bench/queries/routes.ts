// What each route of the API (and the dashboard's calls to it) asks the database, with the same
// functions and arguments the route handlers use; `id` is a stored workflow picked per run.
import {
  assertWorkflowTenant,
  entriesOfCallersTenants,
  WorkflowTenants,
  type Caller,
} from '../../api/auth/index.ts';
import { denialsByPolicy } from '../../api/dashboard/index.ts';
import { overviewWithSpend } from '../../api/dashboard/overview-routes.ts';
import { chainStatus } from '../../api/dashboard/audit-routes.ts';
import { STORY_STEPS, stepOf } from '../../api/dashboard/story-routes.ts';
import { escalationsOf } from '../../api/handoff/escalation.ts';
import { MAX_PAGE } from '../../api/http/page.ts';
import { callersWorkflows } from '../../api/routes/workflows.ts';
import {
  agentStats,
  auditTrail,
  parseCanonicalDecision,
  getWorkflow,
  listWorkflows,
  loadOffsets,
  workflowAsOf,
  workflowHistory,
  type Db,
} from '../../projector/index.ts';
import { exportCaseFile } from '../../projector/queries/case-file.ts';
import type { Codec } from '../../schemas/codec.ts';

export interface RouteContext {
  readonly db: Db;
  readonly schema: string;
  readonly codec: Codec;
}

export interface Route {
  readonly name: string;
  run(ctx: RouteContext, id: string): Promise<unknown>;
}

const tenantCaller: Caller = { subject: 'teller-1', roles: ['read'], tenants: ['retail-eu'] };
// A fresh cache per request: the cost of a workflow the API has not seen since it started.
const coldTenants = ({ db, schema, codec }: RouteContext) => new WorkflowTenants(db, schema, codec);
// The gate's budget policy (two types and its default) and the agents' ceiling.
const BUDGETS = [
  { appliesTo: 'credit.*', budgetMicros: 50_000 },
  { appliesTo: 'fraud.*', budgetMicros: 20_000 },
  { appliesTo: '* (default)', budgetMicros: 100_000 },
  { appliesTo: 'agent runtime', budgetMicros: 80_000 },
];

export const ROUTES: readonly Route[] = [
  {
    name: 'GET /workflows?limit=200 (dashboard)',
    run: ({ db, schema }) => listWorkflows(db, schema, { limit: 200 }),
  },
  {
    name: 'GET /workflows?status=denied',
    run: ({ db, schema }) => listWorkflows(db, schema, { status: 'denied', limit: 100 }),
  },
  {
    name: 'GET /workflows?since=<1 h ago>',
    run: ({ db, schema }) =>
      listWorkflows(db, schema, { since: new Date(Date.now() - 3600_000), limit: 100 }),
  },
  {
    name: 'GET /workflows (one-tenant caller)',
    run: (ctx) => callersWorkflows(ctx.db, ctx.schema, coldTenants(ctx), tenantCaller, { limit: 100 }),
  },
  {
    name: 'GET /workflows/:id (one-tenant caller)',
    run: async (ctx, id) => {
      await assertWorkflowTenant(coldTenants(ctx), tenantCaller, id).catch(() => undefined);
      return getWorkflow(ctx.db, ctx.schema, id);
    },
  },
  {
    name: 'GET /workflows/:id/history',
    run: ({ db, schema }, id) => workflowHistory(db, schema, id, { limit: MAX_PAGE }),
  },
  {
    name: 'GET /workflows/:id/as-of',
    run: ({ db, schema }, id) => workflowAsOf(db, schema, id, new Date()),
  },
  {
    name: 'GET /audit?workflow=:id',
    run: async ({ db, schema }, id) =>
      (await auditTrail(db, schema, id, { limit: MAX_PAGE })).map(
        (row) => JSON.parse(row.canonical) as unknown,
      ),
  },
  {
    name: 'POST /workflows/:id/decision (its reads)',
    run: async ({ db, schema, codec }, id) => {
      await getWorkflow(db, schema, id);
      return escalationsOf(db, schema, codec, id);
    },
  },
  { name: 'GET /agents', run: ({ db, schema }) => agentStats(db, schema) },
  { name: 'GET /denials (dashboard)', run: ({ db, schema }) => denialsByPolicy(db, schema) },
  {
    name: 'GET /dashboard/overview?minutes=60',
    run: ({ db, schema }) => overviewWithSpend(db, schema, 60, BUDGETS),
  },
  {
    name: 'GET /dashboard/overview?minutes=1440',
    run: ({ db, schema }) => overviewWithSpend(db, schema, 1440, BUDGETS),
  },
  {
    name: 'GET /workflows/:id/story (one-tenant caller)',
    run: async (ctx, id) => {
      await assertWorkflowTenant(coldTenants(ctx), tenantCaller, id).catch(() => undefined);
      const rows = await auditTrail(ctx.db, ctx.schema, id, { limit: STORY_STEPS });
      const entries = rows.map((row) => ({
        row,
        decision: JSON.parse(row.canonical) as { envelope?: unknown },
      }));
      const visible = await entriesOfCallersTenants(coldTenants(ctx), tenantCaller, entries);
      return Promise.all(
        visible.map(({ row }) => stepOf(ctx.codec, row.seq, parseCanonicalDecision(row.canonical))),
      );
    },
  },
  {
    name: 'GET /workflows/:id/escalations',
    run: ({ db, schema, codec }, id) => escalationsOf(db, schema, codec, id),
  },
  { name: 'GET /audit/status', run: ({ db, schema }) => chainStatus(db, schema) },
  { name: 'GET /audit/case-file?workflow=:id', run: ({ db, schema }, id) => exportCaseFile(db, schema, id) },
  {
    name: 'GET /healthz (projector positions)',
    run: ({ db, schema }) => loadOffsets(db, schema, 'projector'),
  },
];
