// GET /workflows/:id/story: the workflow told step by step for a person — who proposed what, as
// which actor, the gate's verdicts, where it went and why not elsewhere, the content (PII and
// SECRET records redacted), the cost. GET /workflows/:id/escalations: what a reviewer is asked.
// Role `read`, the caller's tenants only, like the other workflow routes.
import { z } from 'zod';
import { auditTrail, parseCanonicalDecision } from '../../projector/index.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import { DecodeError } from '../../schemas/errors.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { assertWorkflowTenant, callerOf, entriesOfCallersTenants } from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { escalationsOf } from '../handoff/escalation.ts';
import { isRedacted, shownContent } from './story-content.ts';

const params = z.strictObject({ id: z.string().min(1).max(200).describe('workflow (correlation) id') });
/** A story longer than this is cut; the audit route pages through the rest. */
export const STORY_STEPS = 1000;

/** One step of a story, from a stored decision. */
export async function stepOf(codec: Codec, seq: number, decision: Decision) {
  const opened = await openEnvelope(codec, decision.envelope).catch((error: unknown) => {
    if (error instanceof DecodeError) return null;
    throw error;
  });
  const envelope = opened?.envelope;
  const redacted = envelope ? isRedacted(envelope.classification) : true;
  return {
    seq,
    decidedAt: new Date(decision.decidedAt).toISOString(),
    eventType: decision.eventType,
    sender: decision.sender,
    actor: envelope ? { userId: envelope.actor.userId, roles: envelope.actor.roles } : null,
    classification: envelope?.classification ?? null,
    outcome: decision.outcome,
    verdicts: decision.verdicts,
    routedTo: decision.routedTo,
    notRouted: decision.notRouted,
    costMicros: decision.costMicros ?? 0,
    redacted,
    content: opened?.payload ? shownContent(opened.payload, redacted) : null,
  };
}

export function storyRoutes(app: ApiApp, { db, schema, codec, tenants }: ApiContext): void {
  const tags = ['workflows'];
  app.get(
    '/workflows/:id/story',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The workflow step by step for a person, content redacted by classification',
        params,
      },
    },
    async (request) => {
      const { id } = request.params;
      const caller = callerOf(request);
      await assertWorkflowTenant(tenants, caller, id);
      const rows = await auditTrail(db, schema, id, { limit: STORY_STEPS });
      if (rows.length === 0) throw new ApiError(404, `no workflow ${JSON.stringify(id)}`);
      // The tenant check reads each record's envelope as the audit route serves it (base64).
      const entries = rows.map((row) => ({
        row,
        decision: JSON.parse(row.canonical) as { envelope?: unknown },
      }));
      const visible = await entriesOfCallersTenants(tenants, caller, entries);
      const steps = await Promise.all(
        visible.map(({ row }) => stepOf(codec, row.seq, parseCanonicalDecision(row.canonical))),
      );
      return { correlationId: id, steps, truncated: rows.length === STORY_STEPS };
    },
  );
  app.get(
    '/workflows/:id/escalations',
    {
      config: { access: 'read' },
      schema: { tags, summary: "The workflow's escalations, with who already approved each", params },
    },
    async (request) => {
      const { id } = request.params;
      await assertWorkflowTenant(tenants, callerOf(request), id);
      const escalations = await escalationsOf(db, schema, codec, id);
      return {
        correlationId: id,
        escalations: escalations.map(({ request: asked, approvedBy, envelope }) => ({
          escalationId: asked.escalationId,
          level: asked.level,
          requiredRole: asked.requiredRole,
          requiredApprovals: asked.requiredApprovals,
          approvedBy,
          excludedApprovers: asked.excludedApprovers,
          reasons: asked.reasons,
          raisedBy: envelope.source,
          tenant: envelope.actor.tenantId,
        })),
      };
    },
  );
}
