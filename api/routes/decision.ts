// The human hand-off: a reviewer approves or rejects the workflow's escalation. The reviewer is
// the token's subject (role `review`, the token's roles as the actor's, the workflow's tenant
// among the token's). The decision is proposed on sg.proposed like any agent output, so the
// gate's policies (RBAC, signature) and the compliance agent's maker-checker rules apply to it
// before anything happens.
import { z } from 'zod';
import { getWorkflow } from '../../projector/index.ts';
import { callerOf, tenantRefusal } from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { assertMayDecide, RecentApprovals } from '../handoff/approvals.ts';
import { decisionBody } from '../handoff/decision-body.ts';
import { humanDecisionRecord } from '../handoff/decision-envelope.ts';
import { escalationsOf, type ReviewedEscalation } from '../handoff/escalation.ts';

const params = z.strictObject({ id: z.string().min(1).max(200).describe('workflow (correlation) id') });

function pick(id: string, escalations: readonly ReviewedEscalation[], wanted?: string): ReviewedEscalation {
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

/** Runs `send`; when it fails, lets go of the reservation so the subject may try again. */
async function releasedOnFailure<T>(release: () => void, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    release();
    throw error;
  }
}

export function decisionRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db, schema, codec, bus, names, clock, metrics } = ctx;
  const recent = new RecentApprovals();
  app.post(
    '/workflows/:id/decision',
    {
      config: { access: 'review' },
      schema: {
        tags: ['workflows'],
        summary: "Record the caller's approve or reject on the workflow's escalation",
        params,
        body: decisionBody,
        response: {
          202: { description: 'Accepted: the signed decision is durable on sg.proposed', type: 'object' },
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const body = request.body;
      const signer = ctx.humanSigner;
      if (!signer)
        throw new ApiError(503, 'human decisions are disabled: no case-desk signing key is configured');
      if (!(await getWorkflow(db, schema, id))) throw new ApiError(404, `no workflow ${JSON.stringify(id)}`);
      const escalation = pick(id, await escalationsOf(db, schema, codec, id), body.escalationId);
      const tenant = escalation.envelope.actor.tenantId;
      const refused = tenantRefusal(caller, tenant, `workflow ${JSON.stringify(id)}`);
      if (refused) throw new ApiError(403, refused, { tenant });
      assertMayDecide(escalation, caller.subject, body.decision, recent);
      // Reserved before the first await, so a concurrent approval by the same subject is refused.
      const release =
        body.decision === 'approve'
          ? recent.reserve(escalation.request.escalationId, caller.subject)
          : () => {};
      const verdict = { ...body, approver: caller.subject, roles: caller.roles };
      const decision = await releasedOnFailure(release, async () => {
        const made = await humanDecisionRecord(codec, names.proposed, signer, escalation, verdict, clock());
        await bus.send([made.record]);
        return made;
      });
      metrics.published.inc({ topic: names.proposed, type: decision.envelope.type });
      const { decisionId, escalationId, verdict: recorded, approverId } = decision.payload;
      return reply.code(202).send({
        id: decision.envelope.id,
        correlationId: id,
        decisionId,
        escalationId,
        verdict: recorded,
        approverId,
      });
    },
  );
}
