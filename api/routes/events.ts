// Upstream ingest: a banking event, validated, sealed into an envelope and produced to sg.ingress.
// Role `ingest`; the event's tenant must be one of the token's, and its actor roles ones the
// token may assert. Idempotent by caller and event id (see ingest/idempotency.ts).
import { z } from 'zod';
import { callerOf, tenantRefusal, unassertableActorRoles } from '../auth/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { eventBody, TRACEPARENT, type EventBody } from '../ingest/event-body.ts';
import { fingerprintOf, IngestAnswers, ingestIds } from '../ingest/idempotency.ts';
import { ingestRecord } from '../ingest/seal.ts';
import type { Caller } from '../auth/index.ts';

const headers = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('retries with the same key get the first answer'),
});

function assertMayPublish(caller: Caller, body: EventBody, assertable?: readonly string[]): void {
  const tenant = tenantRefusal(caller, body.actor.tenantId, 'the event');
  if (tenant) throw new ApiError(403, tenant, { tenant: body.actor.tenantId });
  const roles = unassertableActorRoles(caller, body.actor.roles, assertable);
  if (roles.length > 0) {
    throw new ApiError(
      403,
      `the token of ${JSON.stringify(caller.subject)} may not publish events whose actor has the roles ${roles.map((r) => JSON.stringify(r)).join(', ')}`,
      { roles },
    );
  }
}

export function eventRoutes(app: ApiApp, ctx: ApiContext): void {
  const { bus, codec, names, clock, metrics } = ctx;
  const answers = new IngestAnswers();
  app.post(
    '/events',
    {
      config: { access: 'ingest' },
      schema: {
        tags: ['ingest'],
        summary: 'Publish an upstream banking event to sg.ingress',
        headers,
        body: eventBody,
        response: { 202: { description: 'Accepted: the envelope is durable on sg.ingress', type: 'object' } },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      assertMayPublish(caller, body, ctx.auth.assertableActorRoles);
      const header = request.headers.traceparent;
      const traceHeader = typeof header === 'string' && TRACEPARENT.test(header) ? header : undefined;
      const ids = ingestIds(body, request.headers['idempotency-key'], caller.subject);
      const publish = async () => {
        const { envelope, record } = await ingestRecord(
          codec,
          names.ingress,
          body,
          clock(),
          traceHeader,
          ids,
        );
        await bus.send([record]);
        metrics.published.inc({ topic: names.ingress, type: envelope.type });
        return { id: envelope.id, correlationId: envelope.correlationId };
      };
      if (!ids.idempotent) return reply.code(202).send(await publish());
      const attempt = { subject: caller.subject, id: ids.id, fingerprint: fingerprintOf(body) };
      const { answer, replayed } = await answers.once(attempt, publish);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(202).send(answer);
    },
  );
}
