// The human hand-off: a reviewer approves or rejects the workflow's escalation. The decision is
// proposed on sg.proposed like any agent output, so the gate's policies (RBAC, signature) and
// the compliance agent's maker-checker rules apply to it before anything happens.
import { z } from 'zod';
import { getWorkflow } from '../../projector/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { decisionBody } from '../handoff/decision-body.ts';
import { humanDecisionRecord } from '../handoff/decision-envelope.ts';
import { escalationsOf, type OpenEscalation } from '../handoff/escalation.ts';

const params = z.strictObject({ id: z.string().min(1).max(200).describe('workflow (correlation) id') });

function pick(id: string, escalations: readonly OpenEscalation[], wanted?: string): OpenEscalation {
  const found = wanted ? escalations.find((e) => e.request.escalationId === wanted) : escalations.at(-1);
  if (found) return found;
  if (escalations.length === 0)
    throw new ApiError(409, `workflow ${JSON.stringify(id)} has no escalation awaiting a human decision`);
  const known = escalations.map((e) => e.request.escalationId).join(', ');
  throw new ApiError(
    409,
    `workflow ${JSON.stringify(id)} has no escalation ${JSON.stringify(wanted)}; its escalations: ${known}`,
  );
}

export function decisionRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db, schema, codec, bus, names, clock, metrics } = ctx;
  app.post(
    '/workflows/:id/decision',
    {
      schema: {
        tags: ['workflows'],
        summary: "Record a reviewer's approve or reject on the workflow's escalation",
        params,
        body: decisionBody,
        response: {
          202: { description: 'Accepted: the signed decision is durable on sg.proposed', type: 'object' },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      if (!ctx.humanSigner)
        throw new ApiError(503, 'human decisions are disabled: no case-desk signing key is configured');
      if (!(await getWorkflow(db, schema, id))) throw new ApiError(404, `no workflow ${JSON.stringify(id)}`);
      const escalation = pick(id, await escalationsOf(db, schema, codec, id), body.escalationId);
      if (escalation.request.excludedApprovers?.includes(body.approver)) {
        throw new ApiError(
          403,
          `maker-checker: ${body.approver} is a party to escalation ${escalation.request.escalationId} and may not decide it`,
        );
      }
      const decision = await humanDecisionRecord(
        codec,
        names.proposed,
        ctx.humanSigner,
        escalation,
        body,
        clock(),
      );
      await bus.send([decision.record]);
      metrics.published.inc({ topic: names.proposed, type: decision.envelope.type });
      const { decisionId, escalationId, verdict } = decision.payload;
      return reply
        .code(202)
        .send({ id: decision.envelope.id, correlationId: id, decisionId, escalationId, verdict });
    },
  );
}
