// Upstream ingest: a banking event, validated, sealed into an envelope and produced to sg.ingress.
import type { ApiApp, ApiContext } from '../http/context.ts';
import { eventBody, TRACEPARENT } from '../ingest/event-body.ts';
import { ingestRecord } from '../ingest/seal.ts';

export function eventRoutes(app: ApiApp, { bus, codec, names, clock, metrics }: ApiContext): void {
  app.post(
    '/events',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Publish an upstream banking event to sg.ingress',
        body: eventBody,
        response: { 202: { description: 'Accepted: the envelope is durable on sg.ingress', type: 'object' } },
      },
    },
    async (request, reply) => {
      const header = request.headers.traceparent;
      const traceHeader = typeof header === 'string' && TRACEPARENT.test(header) ? header : undefined;
      const { envelope, record } = await ingestRecord(
        codec,
        names.ingress,
        request.body,
        clock(),
        traceHeader,
      );
      await bus.send([record]);
      metrics.published.inc({ topic: names.ingress, type: envelope.type });
      return reply.code(202).send({ id: envelope.id, correlationId: envelope.correlationId });
    },
  );
}
