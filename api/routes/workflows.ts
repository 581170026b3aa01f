// Where a workflow is: its current state, every version, the state as of a moment, where each
// field of its state came from, and lists.
// Role `read`, scoped to the caller's tenants.
import { z } from 'zod';
import {
  fieldProvenance,
  getWorkflow,
  listWorkflows,
  workflowAsOf,
  workflowHistory,
  WORKFLOW_STATUSES,
  type Db,
  type WorkflowFilter,
  type WorkflowState,
} from '../../projector/index.ts';
import {
  assertWorkflowTenant,
  callerOf,
  ofCallersTenants,
  reachesAllTenants,
  type Caller,
  type WorkflowTenants,
} from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { nextAfter, pageQuery } from '../http/page.ts';
import { instant } from '../http/time.ts';

const params = z.strictObject({ id: z.string().min(1).max(200).describe('workflow (correlation) id') });
const listQuery = z.strictObject({
  status: z.enum(WORKFLOW_STATUSES).optional(),
  since: instant.optional().describe('only workflows with a decision at or after this time'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const historyQuery = z.strictObject(pageQuery);
const asOfQuery = z.strictObject({ t: instant.describe('ISO 8601 time or epoch milliseconds') });

/** Workflows with no tenant on their row are filtered from this many of the most recent matching ones. */
export const TENANT_SCAN_LIMIT = 1000;

const mostRecentFirst = (a: WorkflowState, b: WorkflowState): number =>
  b.lastSeenAt.localeCompare(a.lastSeenAt) || a.correlationId.localeCompare(b.correlationId);

/**
 * The workflows the caller may see, most recently active first: its tenants' rows by their
 * tenant column, and rows without one (projected before it) by their audit rows.
 */
export async function callersWorkflows(
  db: Db,
  schema: string,
  tenants: WorkflowTenants,
  caller: Caller,
  filter: WorkflowFilter & { readonly limit: number },
): Promise<WorkflowState[]> {
  if (reachesAllTenants(caller)) return listWorkflows(db, schema, filter);
  const [owned, unowned] = await Promise.all([
    listWorkflows(db, schema, { ...filter, tenants: caller.tenants }),
    listWorkflows(db, schema, { ...filter, unowned: true, limit: TENANT_SCAN_LIMIT }),
  ]);
  return [...owned, ...(await ofCallersTenants(tenants, caller, unowned))]
    .sort(mostRecentFirst)
    .slice(0, filter.limit);
}

const unknownWorkflow = (id: string) => new ApiError(404, `no workflow ${JSON.stringify(id)}`);

export function workflowRoutes(app: ApiApp, { db, schema, tenants }: ApiContext): void {
  const tags = ['workflows'];
  const config = { access: 'read' } as const;
  app.get(
    '/workflows',
    {
      config,
      schema: { tags, summary: 'List workflows, most recently active first', querystring: listQuery },
    },
    async (request) => {
      const { status, since, limit } = request.query;
      const filter = { status, limit, ...(since === undefined ? {} : { since: new Date(since) }) };
      return { workflows: await callersWorkflows(db, schema, tenants, callerOf(request), filter) };
    },
  );

  app.get(
    '/workflows/:id',
    { config, schema: { tags, summary: 'The current state of a workflow', params } },
    async (request) => {
      await assertWorkflowTenant(tenants, callerOf(request), request.params.id);
      const workflow = await getWorkflow(db, schema, request.params.id);
      if (!workflow) throw unknownWorkflow(request.params.id);
      return workflow;
    },
  );

  app.get(
    '/workflows/:id/history',
    {
      config,
      schema: {
        tags,
        summary: 'Every version of a workflow, oldest first, a page at a time (after a version)',
        params,
        querystring: historyQuery,
      },
    },
    async (request) => {
      const { id } = request.params;
      const { after, limit } = request.query;
      await assertWorkflowTenant(tenants, callerOf(request), id);
      const history = await workflowHistory(db, schema, id, { after, limit });
      if (history.length === 0 && after === undefined) throw unknownWorkflow(id);
      return { correlationId: id, history, next: nextAfter(history, limit, (s) => s.version) };
    },
  );

  app.get(
    '/workflows/:id/as-of',
    {
      config,
      schema: { tags, summary: 'The workflow as it stood at a moment', params, querystring: asOfQuery },
    },
    async (request) => {
      const { id } = request.params;
      await assertWorkflowTenant(tenants, callerOf(request), id);
      const at = new Date(request.query.t);
      const snapshot = await workflowAsOf(db, schema, id, at);
      if (snapshot) return snapshot;
      const first = (await workflowHistory(db, schema, id, { limit: 1 }))[0];
      if (!first) throw unknownWorkflow(id);
      throw new ApiError(
        404,
        `workflow ${JSON.stringify(id)} did not exist yet at ${at.toISOString()}; its first decision was at ${first.decidedAt}`,
      );
    },
  );
  app.get(
    '/workflows/:id/provenance',
    {
      config,
      schema: {
        tags,
        summary:
          'Where each field of the state came from: the version, decision, Kafka records, policy version and trace that set it',
        params,
      },
    },
    async (request) => {
      const { id } = request.params;
      await assertWorkflowTenant(tenants, callerOf(request), id);
      const fields = await fieldProvenance(db, schema, id);
      if (!fields) throw unknownWorkflow(id);
      return { correlationId: id, fields };
    },
  );
}
