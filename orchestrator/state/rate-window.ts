// A sliding-window count kept bounded: hits are counted in buckets of a sixtieth of the window,
// so a key holds a bounded list of numbers whatever its rate. A bucket that straddles the
// window's start counts in full, and so do buckets newer than the record being counted: the
// count can only be too high, so a limit is never exceeded.
//
// A record is counted at the time it arrived (its broker timestamp), not when a gate gets to it:
// a backlog decided after an outage is judged by the rate it was sent at, and an auditor can
// check every limit from the topics alone. Records of one key reach its gate out of order (they
// hop from different partitions), so buckets are kept for a few windows past the gate's clock,
// long enough for any record that arrived within that slack to see every hit its window holds.
export interface RateWindow {
  readonly bucketMs: number;
  /** [bucket start, hits] pairs. */
  readonly buckets: readonly (readonly [number, number])[];
}

const bucketsPerWindow = 60;
/** Windows of buckets kept behind the gate's clock, for records counted late. */
const windowsKept = 4;

export const emptyWindow = (windowMs: number): RateWindow => ({
  bucketMs: Math.max(1, Math.floor(windowMs / bucketsPerWindow)),
  buckets: [],
});

/**
 * When a record that arrived at `arrivedAt` is counted, seen from the gate's clock `now`: its
 * arrival, unless it is older than the buckets kept, whose window would then miss hits.
 */
export const countedAt = (arrivedAt: number, windowMs: number, now: number): number =>
  Math.max(arrivedAt, now - (windowsKept - 1) * windowMs);

/** Hits within the window ending at `at`, or after it (at least; never fewer). */
export function hitsWithin(window: RateWindow, windowMs: number, at: number): number {
  let count = 0;
  for (const [start, hits] of window.buckets) if (start + window.bucketMs > at - windowMs) count += hits;
  return count;
}

/**
 * The window with one more hit at `at` (weighing `weight`: 1 for a count, an amount for a sum),
 * without the buckets older than those kept at `now`.
 */
export function withHit(
  window: RateWindow,
  windowMs: number,
  at: number,
  now: number,
  weight = 1,
): RateWindow {
  const start = at - (at % window.bucketMs);
  const keptAfter = now - windowsKept * windowMs;
  const live = window.buckets.filter(([from]) => from + window.bucketMs > keptAfter);
  const found = live.some(([from]) => from === start);
  const buckets = found
    ? live.map(([from, hits]) => [from, from === start ? hits + weight : hits] as const)
    : [...live, [start, weight] as const].sort(([a], [b]) => a - b);
  return { bucketMs: window.bucketMs, buckets };
}

/**
 * The window without `weight` of the hits at `at`: a charge taken back. A bucket already dropped
 * takes nothing back, so a sum can only stay too high.
 */
export function withoutHit(window: RateWindow, at: number, weight: number): RateWindow {
  const start = at - (at % window.bucketMs);
  const buckets = window.buckets.map(
    ([from, hits]) => [from, from === start ? Math.max(0, hits - weight) : hits] as const,
  );
  return { bucketMs: window.bucketMs, buckets };
}

/** When the window's newest hit stops mattering to any record still to be counted. */
export const windowExpiresAt = (window: RateWindow, windowMs: number): number =>
  (window.buckets.at(-1)?.[0] ?? 0) + window.bucketMs + windowsKept * windowMs;
