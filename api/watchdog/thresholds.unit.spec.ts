import { describe, expect, it } from 'vitest';
import { automaticReason, tripOf, windowStart } from './thresholds.ts';

const minutes = (n: number) => n * 60_000;
const now = Date.parse('2026-12-04T10:00:00Z');

describe('the watchdog thresholds', () => {
  it('reaches back a window from now, or only to the last RESUME when that is later', () => {
    expect(windowStart(now, minutes(10))).toBe(now - minutes(10));
    expect(windowStart(now, minutes(10), now - minutes(3))).toBe(now - minutes(3));
    expect(windowStart(now, minutes(10), now - minutes(30))).toBe(now - minutes(10));
  });

  it('trips when the incidents in the window reach the threshold, not below it', () => {
    const thresholds = { windowMs: minutes(10), maxIncidents: 3 };
    expect(tripOf('advisor', { incidents: 2, spendMicros: 0 }, thresholds, now)).toBeNull();
    expect(tripOf('advisor', { incidents: 3, spendMicros: 0 }, thresholds, now)).toEqual({
      agent: 'advisor',
      measure: 'incidents',
      threshold: 3,
      observed: 3,
      windowMs: minutes(10),
      since: now,
    });
  });

  it('trips on spend, and weighs incidents first when both are crossed', () => {
    const thresholds = { windowMs: minutes(1), maxIncidents: 5, maxSpendMicros: 1_000 };
    expect(tripOf('advisor', { incidents: 0, spendMicros: 1_500 }, thresholds, now)?.measure).toBe(
      'spendMicros',
    );
    expect(tripOf('advisor', { incidents: 5, spendMicros: 1_500 }, thresholds, now)?.measure).toBe(
      'incidents',
    );
  });

  it('never trips on a measure without a threshold', () => {
    expect(tripOf('advisor', { incidents: 1e6, spendMicros: 1e9 }, { windowMs: 1 }, now)).toBeNull();
  });

  it('gives a reason that says it was automatic, with the threshold, the observed value and the window', () => {
    const trip = tripOf(
      'fraud',
      { incidents: 4, spendMicros: 0 },
      { windowMs: minutes(5), maxIncidents: 4 },
      now,
    )!;
    expect(automaticReason(trip)).toBe(
      'automatic kill switch (watchdog): 4 incidents within 300s reached the threshold of 4 (window since 2026-12-04T10:00:00.000Z)',
    );
  });
});
