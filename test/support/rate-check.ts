// The rate limit as an auditor checks it: admitted records sorted by arrival, no window of
// `windowMs` may hold more than `limit` of them.

/** The most admitted records any window of `windowMs` holds (windows end at an arrival). */
export function busiestWindow(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[first]! <= sorted[last]! - windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
