// The audit page's routes: where the chain stands (head and last signed checkpoint), a
// verification of the whole chain and its signatures from the database (what
// `swarmgate audit verify --offline` does), and a workflow's case file (`swarmgate audit export`).
import { z } from 'zod';
import { inSchema, readChainHead, readCheckpoints, verifyAudit, type Db } from '../../projector/index.ts';
import { caseFileJson, exportCaseFile } from '../../projector/queries/case-file.ts';
import { asNumber } from '../../projector/store/values.ts';
import { assertWorkflowTenant, callerOf } from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

/** The chain's head and its last signed checkpoint: two index probes. */
export function chainStatus(db: Db, schema: string) {
  return inSchema(db, schema, async (tx) => {
    const head = await readChainHead(tx);
    const { rows } = await tx.query('SELECT max(seq) AS seq FROM audit_checkpoints');
    const lastSeq = rows[0]?.seq;
    const last =
      lastSeq === null || lastSeq === undefined ? [] : await readCheckpoints(tx, asNumber(lastSeq));
    return { head, lastCheckpoint: last[0] ?? null };
  });
}

const caseFileQuery = z.strictObject({
  workflow: z.string().min(1).max(200).describe('workflow (correlation) id'),
});

export function auditPageRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db, schema, tenants } = ctx;
  const tags = ['audit'];
  app.get(
    '/audit/status',
    {
      config: { access: 'operate' },
      schema: { tags, summary: "The audit chain's head and its last signed checkpoint" },
    },
    () => chainStatus(db, schema),
  );
  app.post(
    '/audit/verification',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary:
          'Walks the whole chain and checks every checkpoint signature, from the database (Kafka not consulted)',
      },
    },
    async () => {
      if (!ctx.auditKey)
        throw new ApiError(
          503,
          "verification is disabled here: the API was given no audit checkpoints' public key",
        );
      const report = await verifyAudit(db, schema, { publicKey: ctx.auditKey });
      return { ...report, checkedAt: new Date(ctx.clock()).toISOString() };
    },
  );
  app.get(
    '/audit/case-file',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary:
          'A case file: every decision of the workflow with its audit rows and proofs to a signed checkpoint',
        querystring: caseFileQuery,
      },
    },
    async (request, reply) => {
      const { workflow } = request.query;
      await assertWorkflowTenant(tenants, callerOf(request), workflow);
      const caseFile = await exportCaseFile(db, schema, workflow);
      if (caseFile.entries.length === 0)
        throw new ApiError(404, `no decisions of workflow ${JSON.stringify(workflow)} in the audit log`);
      const file = `case-${workflow.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(caseFileJson(caseFile));
    },
  );
}
