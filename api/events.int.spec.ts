import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/port.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import { collect } from '../test/support/collect.ts';
import { uniqueName } from '../test/support/names.ts';
import { apiWith, asCaller, errorOf, fieldsOf } from './testing/api.ts';
import { actor, customerRequestBody, transactionBody } from './testing/bodies.ts';
import { realServices } from './testing/services.ts';
import { CALLERS } from './testing/tokens.ts';

const services = realServices();
/** The API as the core-banking ingest caller (tenant retail-eu, may assert `system`). */
const ingesting = async (overrides: Parameters<typeof apiWith>[2] = {}) => {
  const { app } = await apiWith(services, [], overrides);
  return { inject: await asCaller(app, CALLERS.ingest) };
};
const accepted = (response: LightMyRequestResponse) => response.json<{ id: string; correlationId: string }>();

/** Waits for the record keyed by the workflow on sg.ingress and opens it. */
async function landed(correlationId: string) {
  const ingress = collect(services.bus, uniqueName('api-ingress-reader'), [services.names.ingress]);
  try {
    const records = await ingress.until((seen) => seen.some((r) => r.key?.toString() === correlationId));
    const record = records.find((r) => r.key?.toString() === correlationId)!;
    return { record, opened: await openEnvelope(services.codec, record.value) };
  } finally {
    await ingress.stop();
  }
}

describe('POST /events', () => {
  it('lands a TransactionPosted on sg.ingress as an Avro envelope keyed by its workflow', async () => {
    const app = await ingesting();
    const traceparent = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    const body = transactionBody();
    const response = await app.inject({
      method: 'POST',
      url: '/events',
      payload: body,
      headers: { traceparent },
    });
    expect(response.statusCode).toBe(202);
    expect(accepted(response).correlationId).toBe(body.correlationId);
    const { record, opened } = await landed(body.correlationId);
    expect(record.headers.traceparent?.toString()).toBe(traceparent);
    expect(opened.envelope).toMatchObject({
      id: accepted(response).id,
      type: 'banking.TransactionPosted',
      source: 'core-banking',
      hops: 0,
      classification: 'INTERNAL',
      actor: { userId: 'svc-core-ledger', tenantId: 'retail-eu' },
      traceparent,
    });
    expect(opened.payload).toMatchObject({ ...body.payload, postedAt: Date.UTC(2025, 0, 15, 9), memo: null });
  });

  it('mints a workflow id for a CustomerRequestReceived that has none', async () => {
    const app = await ingesting();
    const response = await app.inject({ method: 'POST', url: '/events', payload: customerRequestBody() });
    const { correlationId } = accepted(response);
    expect(response.statusCode).toBe(202);
    const { opened } = await landed(correlationId);
    expect(opened.envelope).toMatchObject({ type: 'banking.CustomerRequestReceived', classification: 'PII' });
    expect(opened.payload).toMatchObject({
      text: 'Why was my card declined?',
      receivedAt: 1_736_931_600_000,
    });
  });

  it('refuses an unknown type with 400 naming the types it knows', async () => {
    const app = await ingesting();
    const response = await app.inject({
      method: 'POST',
      url: '/events',
      payload: transactionBody({ type: 'banking.Wire' }),
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toBe(
      'invalid body: type: expected one of banking.TransactionPosted, banking.CustomerRequestReceived',
    );
  });

  it('refuses a payload missing fields with 400 naming each of them', async () => {
    const app = await ingesting();
    const { payload } = transactionBody();
    const partial: Partial<typeof payload> = { ...payload };
    delete partial.accountId;
    delete partial.currency;
    const response = await app.inject({
      method: 'POST',
      url: '/events',
      payload: transactionBody({ payload: { ...partial, amountMinor: 1.5 } }),
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['payload.accountId', 'payload.amountMinor', 'payload.currency']);
    expect(errorOf(response).message).toContain('payload.accountId: required');
  });

  it('refuses a NUL in the workflow id with 400 naming the field, publishing nothing', async () => {
    const app = await ingesting();
    const response = await app.inject({
      method: 'POST',
      url: '/events',
      payload: transactionBody({ correlationId: 'wf-\u0000' }),
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['correlationId']);
    expect(errorOf(response).message).toBe(
      'invalid body: correlationId: contains a control character, U+0000 at index 3',
    );
  });

  it('refuses malformed JSON, a missing actor and a non-JSON body with a 4xx, never a 500', async () => {
    const app = await ingesting();
    const post = (payload: string, type = 'application/json') =>
      app.inject({ method: 'POST', url: '/events', payload, headers: { 'content-type': type } });
    const malformed = await post('{"type": ');
    const noActor = await post(JSON.stringify({ ...transactionBody(), actor: undefined }));
    const text = await post('hello', 'text/plain');
    expect([malformed.statusCode, noActor.statusCode, text.statusCode]).toEqual([400, 400, 415]);
    expect(errorOf(noActor).message).toBe('invalid body: actor: required');
  });

  it('answers 503, not 500, when Kafka refuses the record', async () => {
    const refusing = {
      send: () =>
        Promise.reject(Object.assign(new Error('no leader'), { name: 'KafkaJSNumberOfRetriesExceeded' })),
    };
    const app = await ingesting({ bus: refusing as unknown as Bus });
    const response = await app.inject({ method: 'POST', url: '/events', payload: transactionBody() });
    expect(response.statusCode).toBe(503);
    expect(errorOf(response).message).toBe('a dependency is unavailable: no leader');
  });
});

describe('POST /events as whom', () => {
  it('refuses, with 403 naming it, a tenant the token does not reach and actor roles it may not assert', async () => {
    const app = await ingesting();
    const foreign = await app.inject({
      method: 'POST',
      url: '/events',
      payload: transactionBody({ actor: { ...actor, tenantId: 'retail-us' } }),
    });
    const admin = await app.inject({
      method: 'POST',
      url: '/events',
      payload: transactionBody({ actor: { ...actor, roles: ['system', 'admin'] } }),
    });
    expect([foreign.statusCode, admin.statusCode]).toEqual([403, 403]);
    expect(errorOf(foreign).message).toBe(
      'the event belongs to tenant "retail-us", not among the tenants of the token of "core-banking": "retail-eu"',
    );
    expect(errorOf(admin).message).toBe(
      'the token of "core-banking" may not publish events whose actor has the roles "admin"',
    );
  });
});

describe('POST /events retried', () => {
  const post = (app: Awaited<ReturnType<typeof ingesting>>, payload: object, headers = {}) =>
    app.inject({ method: 'POST', url: '/events', payload, headers });

  it('by event id returns the first answer and publishes once; the same id for another event is a 409', async () => {
    const app = await ingesting();
    const id = `evt-${randomUUID()}`;
    const body = customerRequestBody({ id });
    const first = await post(app, body);
    const retry = await post(app, body);
    const reused = await post(app, { ...body, consent: ['marketing'] });
    expect([first.statusCode, retry.statusCode, reused.statusCode]).toEqual([202, 202, 409]);
    expect(errorOf(reused).message).toBe(
      `event id "${id}" was already used by "core-banking" for a different event; a retry must repeat the first body`,
    );
    expect(retry.json()).toEqual(first.json());
    expect(accepted(first).id).toBe(id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const { correlationId } = accepted(first);
    const ingress = collect(services.bus, uniqueName('api-ingress-reader'), [services.names.ingress]);
    try {
      const marker = await post(app, customerRequestBody({ correlationId }));
      const records = await ingress.until(
        (seen) => seen.filter((r) => r.key?.toString() === correlationId).length >= 2,
      );
      const ids = await Promise.all(
        records
          .filter((r) => r.key?.toString() === correlationId)
          .map(async (r) => (await openEnvelope(services.codec, r.value)).envelope.id),
      );
      expect(ids).toEqual([id, accepted(marker).id]);
    } finally {
      await ingress.stop();
    }
  });

  it("by another tenant's caller with the same event id publishes its own event in its own workflow", async () => {
    const { app } = await apiWith(services);
    const eu = await asCaller(app, CALLERS.ingest);
    const us = await asCaller(app, { subject: 'us-banking', roles: ['ingest'], tenants: ['retail-us'] });
    const id = `evt-${randomUUID()}`;
    const euBody = customerRequestBody({ id });
    const usBody = customerRequestBody({
      id,
      actor: { ...euBody.actor, tenantId: 'retail-us', region: 'US' },
    });
    const first = await eu({ method: 'POST', url: '/events', payload: euBody });
    const reused = await us({ method: 'POST', url: '/events', payload: usBody });

    expect([first.statusCode, reused.statusCode]).toEqual([202, 202]);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    expect(accepted(reused).correlationId).not.toBe(accepted(first).correlationId);
    const { opened } = await landed(accepted(reused).correlationId);
    expect([opened.envelope.id, opened.envelope.actor.tenantId]).toEqual([id, 'retail-us']);
  });

  it('by Idempotency-Key derives the same ids in a restarted API: a re-publish is the same event again, not a new workflow', async () => {
    const key = `key-${randomUUID()}`;
    const body = customerRequestBody();
    const first = await post(await ingesting(), body, { 'idempotency-key': key });
    const afterRestart = await post(await ingesting(), body, { 'idempotency-key': key });
    expect([first.statusCode, afterRestart.statusCode]).toEqual([202, 202]);
    expect(accepted(afterRestart)).toEqual(accepted(first));
  });
});
