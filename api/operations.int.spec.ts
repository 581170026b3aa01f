import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/port.ts';
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
      checks: { database: { ok: true }, kafka: { ok: true }, inventory: { ok: true } },
    });
  });

  it('answers 503 naming each dependency that fails or does not answer in time', async () => {
    const error = 'inventory follower stopped: registry down';
    const inventory = { agents: () => [], health: () => ({ ok: false, caughtUp: false, skipped: 0, error }) };
    const silentKafka = { endOffsets: () => new Promise<never>(() => {}) } as unknown as Bus;
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
      'GET /denials',
      'GET /healthz',
      'GET /metrics',
      'GET /openapi.json',
      'GET /workflows',
      'GET /workflows/{id}',
      'GET /workflows/{id}/as-of',
      'GET /workflows/{id}/history',
      'POST /events',
      'POST /workflows/{id}/decision',
    ]);
    expect(list).toEqual(['query:status', 'query:since', 'query:limit']);
    expect(events?.oneOf?.flatMap((option) => option.properties.type.enum)).toEqual([
      'banking.TransactionPosted',
      'banking.CustomerRequestReceived',
    ]);
  });
});
