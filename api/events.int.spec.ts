import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/port.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import { collect } from '../test/support/collect.ts';
import { uniqueName } from '../test/support/names.ts';
import { apiWith, errorOf, fieldsOf } from './testing/api.ts';
import { customerRequestBody, transactionBody } from './testing/bodies.ts';
import { realServices } from './testing/services.ts';

const services = realServices();
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
    const { app } = await apiWith(services);
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
    const { app } = await apiWith(services);
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
    const { app } = await apiWith(services);
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
    const { app } = await apiWith(services);
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
    const { app } = await apiWith(services);
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
    const { app } = await apiWith(services);
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
    const { app } = await apiWith(services, [], { bus: refusing as unknown as Bus });
    const response = await app.inject({ method: 'POST', url: '/events', payload: transactionBody() });
    expect(response.statusCode).toBe(503);
    expect(errorOf(response).message).toBe('a dependency is unavailable: no leader');
  });
});
