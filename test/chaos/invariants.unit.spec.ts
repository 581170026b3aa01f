import { describe, expect, it } from 'vitest';
import { budgetSettings } from '../../orchestrator/policy/budget.ts';
import { rateLimitSettings } from '../../orchestrator/policy/rate-limit.ts';
import {
  deliveredTwice,
  longestStallMs,
  overBudget,
  overRate,
  structuringMissed,
  type Decided,
} from './invariants.ts';

let offset = 0;
const decided = (overrides: Partial<Decided> = {}): Decided => ({
  correlationId: 'wf-1',
  eventId: `ev-${offset}`,
  eventType: 'advice.RecommendationMade',
  outcome: 'DELIVERED',
  costMicros: 0,
  rateKeys: [],
  origin: { topic: 'sg.proposed', partition: 0, offset: offset++, timestamp: 0 },
  decidedAt: 0,
  ...overrides,
});

describe('chaos invariants', () => {
  const budget = budgetSettings.parse({ defaultMicros: 100, byType: { 'advice.*': 300 } });
  const rates = rateLimitSettings.parse({
    perActor: { limit: 2, windowMs: 1000, overrides: { vip: 3 } },
    perSource: { limit: 10, windowMs: 1000 },
  });

  it('finds a workflow whose delivered costs pass the budget of the event that spent it', () => {
    const spends = [decided({ costMicros: 90 }), decided({ costMicros: 20, eventType: 'fraud.RiskScored' })];
    expect(overBudget(spends, budget)).toEqual([
      { subject: 'wf-1', detail: '110 micros after fraud.RiskScored, budget 100' },
    ]);
    expect(overBudget([decided({ costMicros: 300 })], budget)).toEqual([]);
    expect(overBudget([decided({ costMicros: 500, outcome: 'DENIED' })], budget)).toEqual([]);
  });

  it('finds a rate key with more admitted arrivals in one window than its limit, overrides included', () => {
    const at = (timestamp: number, key: string, outcome: Decided['outcome'] = 'DELIVERED') =>
      decided({
        rateKeys: [key],
        outcome,
        origin: { topic: 'sg.ingress', partition: 0, offset: 0, timestamp },
      });
    const teller = 'actor:retail-eu/teller';
    expect(overRate([at(0, teller), at(500, teller), at(999, teller)], rates)).toEqual([
      { subject: teller, detail: '3 admitted within 1000 ms, limit 2' },
    ]);
    expect(
      overRate([at(0, teller), at(500, teller), at(999, teller, 'DENIED'), at(1000, teller)], rates),
    ).toEqual([]);
    expect(
      overRate(
        [0, 1, 2].map((t) => at(t, 'actor:retail-eu/vip')),
        rates,
      ),
    ).toEqual([]);
  });

  it('finds an event id delivered twice', () => {
    const twice = [
      decided({ eventId: 'a' }),
      decided({ eventId: 'a' }),
      decided({ eventId: 'a', outcome: 'DENIED' }),
    ];
    expect(deliveredTwice(twice)).toEqual([{ subject: 'a', detail: 'delivered 2 times' }]);
  });

  it('finds an account whose structuring deposits raised no admitted alert', () => {
    const deposits = new Map([
      ['ACC-1', ['wf-a', 'wf-b']],
      ['ACC-2', ['wf-c']],
    ]);
    const alerts = [
      decided({ eventType: 'aml.AlertRaised', correlationId: 'wf-b', outcome: 'NO_RECIPIENT' }),
      decided({ eventType: 'aml.AlertRaised', correlationId: 'wf-c', outcome: 'DENIED' }),
    ];
    expect(structuringMissed(alerts, deposits)).toEqual([
      { subject: 'ACC-2', detail: 'no alert in 1 workflows' },
    ]);
  });

  it('measures the longest time without a decision, the span edges included', () => {
    const at = (decidedAt: number) => decided({ decidedAt });
    expect(longestStallMs([at(10), at(40), at(45)], 0, 100)).toBe(55);
    expect(longestStallMs([at(10), at(500)], 0, 100)).toBe(90);
  });
});
