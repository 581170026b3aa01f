// Builds inbox events for tests: sequential ids and times, so every test is deterministic.
import type { RecordTypes } from '../../schemas/generated/types.ts';
import type { EnvelopeFacts, EventType, IncomingEvent } from '../decider.ts';

export const testEpoch = Date.UTC(2025, 0, 6, 9, 0, 0);

export type EventOverrides = Partial<EnvelopeFacts>;

/** A factory of events in one workflow; each call is one second after the previous one. */
export function workflow(correlationId = 'wf-1', firstSeq = 1) {
  let seq = firstSeq - 1;
  return function event<T extends EventType>(
    type: T,
    payload: RecordTypes[T],
    overrides: EventOverrides = {},
  ): IncomingEvent<T> {
    seq += 1;
    const facts: EnvelopeFacts = {
      id: `${correlationId}/evt-${seq}`,
      correlationId,
      causationId: null,
      source: 'test',
      occurredAt: testEpoch + seq * 1000,
      classification: 'INTERNAL',
      actor: { userId: 'advisor-ann', roles: ['advisor'], tenantId: 'bank-1', region: 'EU' },
      hops: 0,
      costMicros: 0,
      confidence: null,
      ...overrides,
    };
    return { ...facts, type, payload };
  };
}
