import { describe, expect, it } from 'vitest';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type EnvelopeFields } from '../schemas/envelope.ts';
import type { CustomerAnswered } from '../schemas/generated/types.ts';
import { payloadFacts } from './payload-facts.ts';
import { aDecision } from './testing/decisions.ts';

const codec = Codec.embedded();

const fields: EnvelopeFields & { type: 'response.CustomerAnswered' } = {
  id: 'answer-1',
  correlationId: 'wf-1',
  causationId: 'deadline-1',
  type: 'response.CustomerAnswered',
  source: 'responder',
  occurredAt: Date.UTC(2025, 0, 15, 9),
  classification: 'INTERNAL',
  actor: { userId: 'cust-7', roles: ['customer'], tenantId: 'retail-eu', region: 'EU' },
  consent: ['profiling', 'advice'],
  hops: 4,
  costMicros: 0,
  confidence: null,
  traceparent: null,
  tracestate: null,
};

/** The decision on an answer as the responder proposes it at its deadline, lacking the advice. */
async function answerDecision(
  answer: Partial<CustomerAnswered>,
  outcome: 'NO_RECIPIENT' | 'DENIED' = 'NO_RECIPIENT',
) {
  const payload: CustomerAnswered = {
    requestId: 'req-1',
    customerId: 'cust-7',
    answer: 'Account overview: … Still in progress: recommendation.',
    complete: false,
    included: ['analysis'],
    missing: ['advice'],
    ...answer,
  };
  const envelope = await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload));
  return aDecision({
    decisionId: 'd-answer',
    correlationId: 'wf-1',
    eventType: 'response.CustomerAnswered',
    sender: 'responder',
    outcome,
    envelope,
  });
}

describe("a decision's payload facts", () => {
  it('are the contributions an answer says it lacked, as event types', async () => {
    expect(await payloadFacts(codec, await answerDecision({}))).toEqual({
      tenant: 'retail-eu',
      answerMissing: ['advice.RecommendationMade'],
    });
    expect(
      await payloadFacts(
        codec,
        await answerDecision({ complete: true, included: ['analysis', 'advice'], missing: [] }),
      ),
    ).toEqual({ tenant: 'retail-eu', answerMissing: [] });
  });

  it("are the actor's tenant for a decision of any other type not denied", async () => {
    const answer = await answerDecision({});
    const advice = { ...answer, eventType: 'advice.RecommendationMade' };
    expect(await payloadFacts(codec, advice)).toEqual({ tenant: 'retail-eu' });
  });

  it('are not read for a denied answer, or an envelope that does not decode', async () => {
    const advice = aDecision({
      decisionId: 'd',
      correlationId: 'wf-1',
      eventType: 'advice.RecommendationMade',
    });
    const garbled = aDecision({
      decisionId: 'g',
      correlationId: 'wf-1',
      eventType: 'response.CustomerAnswered',
    });

    expect(await payloadFacts(codec, await answerDecision({}, 'DENIED'))).toBeUndefined();
    expect(await payloadFacts(codec, advice)).toBeUndefined();
    expect(await payloadFacts(codec, garbled)).toBeUndefined();
  });
});
