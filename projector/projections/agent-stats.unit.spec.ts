import { describe, expect, it } from 'vitest';
import { aDecision } from '../testing/decisions.ts';
import { agentDeltas } from './agent-stats.ts';
import { latencyBucket, latencyMs } from './latency-buckets.ts';

describe('agent statistics from one decision', () => {
  it('credit the sender with the send, its cost and latency, and each recipient with a handled event', () => {
    const decision = aDecision({
      decisionId: 'd1',
      correlationId: 'w1',
      sender: 'fraud',
      routedTo: ['advisor', 'responder'],
      costMicros: 1_500,
      decidedAt: 10_000,
      origin: { topic: 'sg.proposed', partition: 0, offset: 3, timestamp: 9_960 },
    });

    const deltas = agentDeltas(decision);

    expect(Object.fromEntries(deltas)).toEqual({
      fraud: { sent: 1, handled: 0, denied: 0, fallbacks: 0, errors: 0, costMicros: 1_500, latencySumMs: 40 },
      advisor: { sent: 0, handled: 1, denied: 0, fallbacks: 0, errors: 0, costMicros: 0, latencySumMs: 0 },
      responder: { sent: 0, handled: 1, denied: 0, fallbacks: 0, errors: 0, costMicros: 0, latencySumMs: 0 },
    });
  });

  it('count a denial against the sender, a fallback as a fallback and other incidents as errors', () => {
    const denied = agentDeltas(
      aDecision({ decisionId: 'd1', correlationId: 'w', sender: 'advisor', outcome: 'DENIED' }),
    );
    const fallback = agentDeltas(
      aDecision({ decisionId: 'd2', correlationId: 'w', sender: 'aml', eventType: 'incident.FallbackUsed' }),
    );
    const timeout = agentDeltas(
      aDecision({
        decisionId: 'd3',
        correlationId: 'w',
        sender: 'aml',
        eventType: 'incident.HandlerTimedOut',
      }),
    );

    expect(denied.get('advisor')).toMatchObject({ denied: 1 });
    expect(fallback.get('aml')).toMatchObject({ fallbacks: 1, errors: 0 });
    expect(timeout.get('aml')).toMatchObject({ fallbacks: 0, errors: 1 });
  });
});

describe('latency buckets', () => {
  it.each([
    [0, '5'],
    [5, '5'],
    [6, '10'],
    [999, '1000'],
    [60_000, '60000'],
    [60_001, '+Inf'],
  ])('put %i ms in bucket le=%s', (latency, bucket) => {
    expect(latencyBucket(latency)).toBe(bucket);
  });

  it('count a decision stamped before its origin (clock skew) as zero latency', () => {
    expect(latencyMs(1_000, 1_250)).toBe(0);
  });
});
