// A sliding-window count kept bounded: hits are counted in buckets of a sixtieth of the window,
// so a key holds at most ~60 numbers whatever its rate. A bucket that straddles the window's
// start counts in full: the count can only be too high, so a limit is never exceeded.
export interface RateWindow {
  readonly bucketMs: number;
  /** [bucket start, hits] pairs, oldest first. */
  readonly buckets: readonly (readonly [number, number])[];
}

const bucketsPerWindow = 60;

export const emptyWindow = (windowMs: number): RateWindow => ({
  bucketMs: Math.max(1, Math.floor(windowMs / bucketsPerWindow)),
  buckets: [],
});

/** Hits within the last windowMs before `now` (at least; never fewer). */
export function hitsWithin(window: RateWindow, windowMs: number, now: number): number {
  let count = 0;
  for (const [start, hits] of window.buckets) if (start + window.bucketMs > now - windowMs) count += hits;
  return count;
}

/** The window with one more hit at `now`, and without the buckets no window can see any more. */
export function withHit(window: RateWindow, windowMs: number, now: number): RateWindow {
  const start = now - (now % window.bucketMs);
  const live = window.buckets.filter(([at]) => at + window.bucketMs > now - windowMs);
  const last = live.at(-1);
  const buckets =
    last && last[0] === start
      ? [...live.slice(0, -1), [start, last[1] + 1] as const]
      : [...live, [start, 1] as const];
  return { bucketMs: window.bucketMs, buckets };
}

/** When the window's newest hit stops counting. */
export const windowExpiresAt = (window: RateWindow, windowMs: number): number =>
  (window.buckets.at(-1)?.[0] ?? 0) + window.bucketMs + windowMs;
