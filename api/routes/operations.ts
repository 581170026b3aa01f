// For operators and tooling: health of the dependencies, Prometheus metrics, the OpenAPI document.
// Liveness and the API's description are public (probes and clients carry no token); metrics
// describe every tenant's traffic: role `operate`.
import {
  lagThresholds,
  lagWatch,
  projectorLag,
  type LagCheck,
  type ProjectorReading,
} from '../../projector/lag.ts';
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
  const lag = ctx.projectorLag ?? lagThresholds();
  const watchLag = lagWatch(lag, ctx.clock);
  const projector = async (): Promise<LagCheck | Check> => {
    let reading: ProjectorReading | undefined;
    const answered = await probe(timeoutMs, async () => {
      reading = await projectorLag(db, ctx.schema, bus, names.decisions, lag.group);
    });
    return reading ? watchLag(reading) : answered;
  };

  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Checks the database, Kafka and the inventory follower (503), and the projector (200, degraded)',
      },
    },
    async (_request, reply) => {
      const [database, kafka, projected] = await Promise.all([
        probe(timeoutMs, () => db.query('SELECT 1')),
        probe(timeoutMs, () => bus.endOffsets(names.ingress)),
        projector(),
      ]);
      const followed = inventory.health();
      // This process's own consumers and producer: recovering from a Kafka failure by themselves.
      const recovering = bus.health.report();
      const checks = { database, kafka, inventory: followed, projector: projected, bus: recovering };
      const ok = database.ok && kafka.ok && followed.ok;
      // A lagging projector or a recovering producer leaves the API serving: degraded, not down.
      const status = !ok ? 'unavailable' : projected.ok && recovering.status === 'ok' ? 'ok' : 'degraded';
      return reply.code(ok ? 200 : 503).send({ status, checks });
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
