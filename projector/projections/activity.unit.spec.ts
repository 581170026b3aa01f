import { describe, expect, it } from 'vitest';
import { aDecision } from '../testing/decisions.ts';
import { activityOf, minuteOf } from './activity.ts';

describe('activity per minute from one decision', () => {
  it('counts the outcome with the gate latency, each DENY by policy, an incident and the spend', () => {
    const decision = aDecision({
      decisionId: 'd1',
      correlationId: 'w1',
      eventType: 'incident.FallbackUsed',
      sender: 'aml-monitor',
      outcome: 'DENIED',
      costMicros: 700,
      decidedAt: 120_050,
      origin: { topic: 'sg.proposed', partition: 0, offset: 1, timestamp: 120_000 },
      verdicts: [
        { policy: 'rbac', verdict: 'ALLOW', reason: '' },
        { policy: 'prompt-injection', verdict: 'DENY', reason: 'override attempt' },
        { policy: 'classification-ceiling', verdict: 'LIMIT', reason: 'PII above INTERNAL' },
      ],
    });

    expect(activityOf(decision)).toEqual([
      { series: 'decided', label: 'DENIED', count: 1, total: 50 },
      { series: 'denial', label: 'prompt-injection', count: 1, total: 0 },
      { series: 'incident', label: 'incident.FallbackUsed', count: 1, total: 0 },
      { series: 'spend', label: 'aml-monitor', count: 1, total: 700 },
    ]);
  });

  it('counts an allowed decision without cost once, in the minute it was decided', () => {
    const decision = aDecision({ decisionId: 'd2', correlationId: 'w2', decidedAt: 179_999 });

    expect(activityOf(decision).map((c) => c.series)).toEqual(['decided']);
    expect(minuteOf(179_999)).toBe(120_000);
  });
});
