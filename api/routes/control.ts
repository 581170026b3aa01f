// Kill switches from the API: POST /agents/:name/kill and /agents/:name/resume write the same
// operator-signed control record to sg.control that `swarmgate kill` and `swarmgate resume`
// write. Role `operate`; who issued it is the token's subject, never a field of the body. The
// API signs with the operator key it was given; without one these routes answer 503. POST
// /agents/:name/drill sends what `swarmgate drill` sends.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { controlRecord } from '../../registry/publish.ts';
import type { ControlKind } from '../../schemas/generated/types.ts';
import { callerOf } from '../auth/index.ts';
import { drillEvent } from '../ingest/drill-event.ts';
import { ingestRecord } from '../ingest/seal.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

const params = z.strictObject({
  name: z
    .string()
    .regex(/^(\*|[a-z][a-z0-9-]{0,62})$/, 'an agent name, or * for every agent')
    .describe('agent name, or * for every agent'),
});
const body = z.strictObject({
  reason: z.string().trim().min(1, 'must not be blank').max(500).describe('why, for the audit trail'),
});

export function controlRoutes(app: ApiApp, ctx: ApiContext): void {
  const { codec, names, bus, clock } = ctx;
  const route = (kind: ControlKind, verb: string, summary: string) =>
    app.post(
      `/agents/:name/${verb}`,
      {
        config: { access: 'operate' },
        schema: {
          tags: ['agents'],
          summary,
          params,
          body,
          response: {
            202: { description: 'Accepted: the signed command is durable on sg.control', type: 'object' },
          },
        },
      },
      async (request, reply) => {
        const signer = ctx.operatorSigner;
        if (!signer)
          throw new ApiError(
            503,
            'kill switches are disabled here: the API was given no operator signing key',
          );
        const command = {
          id: randomUUID(),
          kind,
          target: request.params.name,
          reason: request.body.reason,
          issuedBy: callerOf(request).subject,
          issuedAt: clock(),
          policyVersion: null,
        };
        // Keyed by target: the newest signed command for an agent is its state.
        await bus.send([await controlRecord(codec, names, command, signer)]);
        return reply.code(202).send({ ...command, signedBy: signer.keyId });
      },
    );
  route('KILL', 'kill', 'Stop deliveries to an agent (or * for all) and deny what it proposes');
  route('RESUME', 'resume', 'Lift a kill switch');
  drillRoute(app, ctx);
}

const drillBody = z.strictObject({
  event: z.enum(['transaction', 'request']).describe('the upstream event that reaches the agent'),
  tenant: z.string().trim().min(1).max(100).default('retail-eu').describe('tenant of the drill event'),
  region: z.string().trim().min(1).max(10).default('EU').describe('region of the drill event'),
});

/**
 * POST /agents/:name/drill: what `swarmgate drill` sends, a signed DRILL command and the drill
 * event of workflow drill-<command id>, issued by (and, for a request, acting as) the token's
 * subject. The caller follows the audited incident in GET /audit?workflow=.
 */
function drillRoute(app: ApiApp, ctx: ApiContext): void {
  const { codec, names, bus, clock } = ctx;
  app.post(
    '/agents/:name/drill',
    {
      config: { access: 'operate' },
      schema: {
        tags: ['agents'],
        summary: "Force the agent's next event to fail, so its fallback answers and is audited",
        params: z.strictObject({ name: params.shape.name.regex(/^[a-z]/, 'one agent, not *') }),
        body: drillBody,
        response: {
          202: { description: 'Accepted: the command and the drill event are durable', type: 'object' },
        },
      },
    },
    async (request, reply) => {
      const signer = ctx.operatorSigner;
      if (!signer)
        throw new ApiError(503, 'drills are disabled here: the API was given no operator signing key');
      const subject = callerOf(request).subject;
      const command = {
        id: randomUUID(),
        kind: 'DRILL' as const,
        target: request.params.name,
        reason: 'fallback drill',
        issuedBy: subject,
        issuedAt: clock(),
        policyVersion: null,
      };
      // The command first: the agent arms the drill before the event that it makes fail arrives.
      await bus.send([await controlRecord(codec, names, command, signer)]);
      const { tenant, region, event } = request.body;
      const body = drillEvent(event, command.id, { as: subject, tenant, region });
      const { envelope, record } = await ingestRecord(codec, names.ingress, body, clock());
      await bus.send([record]);
      return reply
        .code(202)
        .send({ ...command, signedBy: signer.keyId, workflow: envelope.correlationId, eventId: envelope.id });
    },
  );
}
