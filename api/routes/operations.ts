// For operators and tooling: health of the dependencies, Prometheus metrics, the OpenAPI document.
// Liveness and the API's description are public (probes and clients carry no token); metrics
// describe every tenant's traffic: role `operate`.
import type { ApiApp, ApiContext } from '../http/context.ts';

type Check = { readonly ok: true } | { readonly ok: false; readonly error: string };

async function probe(timeoutMs: number, run: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function operationRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db, bus, names, inventory, metrics } = ctx;
  const timeoutMs = ctx.healthTimeoutMs ?? 3_000;
  const tags = ['operations'];

  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Checks the database, Kafka and the inventory follower' },
    },
    async (_request, reply) => {
      const [database, kafka] = await Promise.all([
        probe(timeoutMs, () => db.query('SELECT 1')),
        probe(timeoutMs, () => bus.endOffsets(names.ingress)),
      ]);
      const followed = inventory.health();
      const checks = { database, kafka, inventory: followed };
      const ok = database.ok && kafka.ok && followed.ok;
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'operate' },
      schema: { tags, summary: 'Prometheus metrics (text exposition format)' },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );

  app.get(
    '/openapi.json',
    { config: { access: 'public' }, schema: { tags, summary: 'This OpenAPI document' } },
    () => app.swagger(),
  );
}
