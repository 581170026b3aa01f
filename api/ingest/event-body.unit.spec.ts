import { describe, expect, it } from 'vitest';
import { customerRequestBody, transactionBody } from '../testing/bodies.ts';
import { eventBody } from './event-body.ts';

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

  it('names unknown fields, bad formats and values outside the enums', () => {
    const payload = { ...transactionBody().payload, currency: 'euro', direction: 'SIDEWAYS', tip: 1 };
    expect(messages(transactionBody({ payload, classification: 'TOP' }))).toEqual([
      expect.stringMatching(/^classification: Invalid option/),
      'payload.currency: expected an ISO 4217 code such as EUR',
      expect.stringMatching(/^payload.direction: Invalid option: expected one of "DEBIT"\|"CREDIT"/),
      'payload: Unrecognized key: "tip"',
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
