import { describe, expect, it } from 'vitest';
import { customerRequestBody, transactionBody } from '../testing/bodies.ts';
import { loadCatalog } from '../../schemas/catalog.ts';
import { eventBody, INGEST_TYPES } from './event-body.ts';

const messages = (body: unknown) =>
  eventBody.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('the POST /events body', () => {
  it('fills the defaults and turns timestamps into epoch milliseconds', () => {
    const parsed = eventBody.parse(customerRequestBody({ classification: undefined }));
    expect(parsed).toMatchObject({
      classification: 'INTERNAL',
      consent: [],
      payload: { accountId: null, receivedAt: 1_736_931_600_000 },
    });
  });

  it("names unknown fields, bad formats and values outside the enums of the type's Avro schema", () => {
    const payload = {
      ...transactionBody().payload,
      amountMinor: 12.5,
      direction: 'SIDEWAYS',
      postedAt: 'yesterday',
      tip: 1,
    };
    expect(messages(transactionBody({ payload, classification: 'TOP' }))).toEqual([
      expect.stringMatching(/^classification: Invalid option/),
      'payload.amountMinor: Invalid input: expected int, received number',
      expect.stringMatching(/^payload.direction: Invalid option: expected one of "DEBIT"\|"CREDIT"/),
      'payload.postedAt: expected an ISO 8601 time such as 2025-01-15T09:00:00Z, or epoch milliseconds',
      'payload: Unrecognized key: "tip"',
    ]);
  });

  it('reads each payload from its registered Avro schema: every field, no other, defaults filled', () => {
    const names = (type: string) => {
      const body = type === 'banking.TransactionPosted' ? transactionBody() : customerRequestBody();
      return Object.keys(eventBody.parse(body).payload).sort();
    };
    for (const type of INGEST_TYPES) {
      const schema = loadCatalog().get(type)!;
      expect(names(type)).toEqual(schema.fields.map((field) => (field as { name: string }).name).sort());
    }
  });

  it('refuses blank text in a payload, naming the field', () => {
    const { payload } = customerRequestBody();
    expect(messages(customerRequestBody({ payload: { ...payload, text: '  ', language: '' } }))).toEqual([
      'payload.language: must not be blank',
      'payload.text: must not be blank',
    ]);
  });

  it('refuses blank identifiers and an actor without a tenant', () => {
    const body = customerRequestBody({ actor: { userId: ' ', region: 'EU' } });
    expect(messages(body)).toEqual([
      'actor.userId: must not be blank',
      expect.stringMatching(/^actor.tenantId: /),
    ]);
  });
});

describe('identifiers in the POST /events body', () => {
  it('refuses a NUL in the workflow id and a zero-width space in the actor, naming each field', () => {
    const body = transactionBody({
      correlationId: 'wf-\u0000',
      actor: { userId: 'svc\u200b', roles: ['system'], tenantId: 'retail-eu', region: 'EU' },
    });
    expect(messages(body)).toEqual([
      'correlationId: contains a control character, U+0000 at index 3',
      'actor.userId: contains a format character (zero-width, bidi or BOM), U+200B at index 3',
    ]);
  });

  it('refuses an oversize source', () => {
    expect(messages(transactionBody({ source: 's'.repeat(129) }))).toEqual([
      'source: is 129 characters long; at most 128',
    ]);
  });
});
