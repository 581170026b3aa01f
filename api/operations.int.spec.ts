import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/port.ts';
import { BusHealth } from '../bus/health.ts';
import { apiWith, asCaller } from './testing/api.ts';
import { realServices } from './testing/services.ts';
import { CALLERS } from './testing/tokens.ts';

const services = realServices();

describe('GET /healthz', () => {
  it('answers 200 when the database, Kafka and the inventory follower are well', async () => {
    const { app } = await apiWith(services);
    const response = await app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json<object>()).toMatchObject({
      status: 'ok',
      checks: {
        database: { ok: true },
        kafka: { ok: true },
        inventory: { ok: true },
        projector: { ok: true },
      },
    });
  });

  it('answers 200 degraded when the projector lags beyond the threshold, or stalls behind', async () => {
    // Given decisions on sg.decisions that the projector (its schema is fresh) has not applied
    const now = { ms: 0 };
    const projectorLag = { maxLag: 2, stallMs: 60_000, group: 'projector' };
    const { app } = await apiWith(services, [], { projectorLag, clock: () => now.ms });
    const before = await app.inject({ url: '/healthz' });
    const decide = (count: number) =>
      services.bus.send(
        Array.from({ length: count }, (_, i) => ({
          topic: services.names.decisions,
          key: `wf-${i}`,
          value: Buffer.from('d'),
        })),
      );
    await decide(1);

    // When it is one decision behind, then more than the threshold, then behind without progress
    const oneBehind = await app.inject({ url: '/healthz' });
    now.ms += 60_000;
    const stalled = await app.inject({ url: '/healthz' });
    await decide(2);
    const lagging = await app.inject({ url: '/healthz' });

    // Then healthy, healthy, stalled, lagging: still 200 (the API serves), status degraded
    expect(before.json<object>()).toMatchObject({
      status: 'ok',
      checks: { projector: { ok: true, lag: 0 } },
    });
    expect(oneBehind.json<object>()).toMatchObject({
      status: 'ok',
      checks: { projector: { ok: true, lag: 1 } },
    });
    expect(stalled.statusCode).toBe(200);
    expect(stalled.json<object>()).toMatchObject({
      status: 'degraded',
      checks: {
        projector: {
          ok: false,
          lag: 1,
          error: 'projector stalled: 1 decisions behind, no progress for 60000 ms',
        },
      },
    });
    expect(lagging.json<object>()).toMatchObject({
      status: 'degraded',
      checks: { projector: { ok: false, lag: 3, error: 'projector is 3 decisions behind (threshold 2)' } },
    });
  });

  it('answers 503 naming each dependency that fails or does not answer in time', async () => {
    const error = 'inventory follower stopped: registry down';
    const inventory = { agents: () => [], health: () => ({ ok: false, caughtUp: false, skipped: 0, error }) };
    const silentKafka = {
      endOffsets: () => new Promise<never>(() => {}),
      health: new BusHealth(),
    } as unknown as Bus;
    const { app } = await apiWith(services, [], { inventory, bus: silentKafka, healthTimeoutMs: 50 });
    const response = await app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json<object>()).toMatchObject({
      status: 'unavailable',
      checks: {
        database: { ok: true },
        kafka: { ok: false, error: 'no answer within 50 ms' },
        inventory: { error },
      },
    });
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with process metrics and requests counted by route pattern', async () => {
    const { app } = await apiWith(services);
    await (
      await asCaller(app, CALLERS.reader)
    )({ url: '/workflows/workflow-9' });
    await app.inject({ url: '/no/such/route' });
    const response = await (await asCaller(app, CALLERS.operator))({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('# TYPE swarmgate_api_process_cpu_seconds_total counter');
    expect(response.body).toContain(
      'swarmgate_api_requests_total{method="GET",route="/workflows/:id",status="404"} 1',
    );
    expect(response.body).toContain(
      'swarmgate_api_requests_total{method="GET",route="(unmatched)",status="404"} 1',
    );
    expect(response.body).toMatch(/swarmgate_api_request_duration_seconds_bucket\{le="0.005",method="GET"/);
  });
});

/** The parts of an OpenAPI document these tests read. */
interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation | undefined>>;
}
interface Operation {
  readonly parameters?: { name: string; in: string }[];
  readonly requestBody?: {
    content: Record<string, { schema: { oneOf?: { properties: { type: { enum: string[] } } }[] } }>;
  };
}

describe('GET /openapi.json', () => {
  it('documents every route, with its parameters and request bodies', async () => {
    const { app } = await apiWith(services);
    const document = (await app.inject({ url: '/openapi.json' })).json<OpenApiDocument>();
    const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const list = document.paths['/workflows']?.get?.parameters?.map((p) => `${p.in}:${p.name}`);
    const events = document.paths['/events']?.post?.requestBody?.content['application/json']?.schema;
    expect(document.openapi).toBe('3.1.0');
    expect(operations.sort()).toEqual([
      'GET /agents',
      'GET /audit',
      'GET /audit/case-file',
      'GET /audit/status',
      'GET /dashboard/lag',
      'GET /dashboard/overview',
      'GET /denials',
      'GET /healthz',
      'GET /metrics',
      'GET /openapi.json',
      'GET /registry',
      'GET /workflows',
      'GET /workflows/{id}',
      'GET /workflows/{id}/as-of',
      'GET /workflows/{id}/escalations',
      'GET /workflows/{id}/history',
      'GET /workflows/{id}/provenance',
      'GET /workflows/{id}/story',
      'POST /agents/{name}/drill',
      'POST /agents/{name}/kill',
      'POST /agents/{name}/resume',
      'POST /audit/verification',
      'POST /events',
      'POST /registry/{name}/approval',
      'POST /registry/{name}/registration',
      'POST /registry/{name}/retirement',
      'POST /workflows/{id}/decision',
    ]);
    expect(list).toEqual(['query:status', 'query:since', 'query:limit']);
    expect(events?.oneOf?.flatMap((option) => option.properties.type.enum)).toEqual([
      'banking.TransactionPosted',
      'banking.CustomerRequestReceived',
    ]);
  });
});
