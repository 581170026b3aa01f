// When the watchdog stops an agent on its own: too many incidents (fallbacks, timeouts, crashes)
// or too much spend within a sliding window. Pure: the caller brings what was observed and when.
// The window never reaches back past the agent's last RESUME, so an operator's RESUME starts a
// fresh watch instead of the old incidents tripping the switch again at once.

export interface WatchdogThresholds {
  /** How far back the window reaches, in ms. */
  readonly windowMs: number;
  /** Trip when an agent's incidents in the window reach this; off when absent. */
  readonly maxIncidents?: number;
  /** Trip when an agent's spend in the window reaches this, in micros; off when absent. */
  readonly maxSpendMicros?: number;
}

export interface Observed {
  readonly incidents: number;
  readonly spendMicros: number;
}

export type TripMeasure = 'incidents' | 'spendMicros';

/** Why an agent is stopped: which measure reached which threshold over which window. */
export interface Trip {
  readonly agent: string;
  readonly measure: TripMeasure;
  readonly threshold: number;
  readonly observed: number;
  readonly windowMs: number;
  /** Epoch ms the window started at (the later of now - window and the last RESUME). */
  readonly since: number;
}

/** Where the window starts: `windowMs` back from now, or the agent's last RESUME if later. */
export function windowStart(now: number, windowMs: number, lastCommandAt?: number): number {
  return Math.max(now - windowMs, lastCommandAt ?? -Infinity);
}

/** The first threshold the observation reaches, incidents before spend; null when none. */
export function tripOf(
  agent: string,
  observed: Observed,
  thresholds: WatchdogThresholds,
  since: number,
): Trip | null {
  const limits: [TripMeasure, number | undefined][] = [
    ['incidents', thresholds.maxIncidents],
    ['spendMicros', thresholds.maxSpendMicros],
  ];
  for (const [measure, threshold] of limits) {
    if (threshold === undefined || observed[measure] < threshold) continue;
    return { agent, measure, threshold, observed: observed[measure], windowMs: thresholds.windowMs, since };
  }
  return null;
}

const measureText: Record<TripMeasure, string> = {
  incidents: 'incidents',
  spendMicros: 'micros spent',
};

/** The KILL record's reason: says it was automatic, and what reached what over which window. */
export function automaticReason(trip: Trip): string {
  const what = measureText[trip.measure];
  return (
    `automatic kill switch (watchdog): ${trip.observed} ${what} within ${trip.windowMs / 1000}s ` +
    `reached the threshold of ${trip.threshold} (window since ${new Date(trip.since).toISOString()})`
  );
}

/** Who issued an automatic KILL, as its issuedBy. */
export const WATCHDOG_ISSUER = 'swarmgate-watchdog';
