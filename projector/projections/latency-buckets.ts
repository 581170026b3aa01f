// Gate latency per sender: decidedAt minus the origin record's timestamp, i.e. how long a
// proposal waited on its topic plus the gate's own work. Histogram buckets by upper bound in
// milliseconds, as Prometheus labels them ('le'); each decision counts in exactly one bucket.

export const LATENCY_BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
] as const;
export const OVERFLOW_BUCKET = '+Inf';

/** Clock skew between producer and gate can make latency negative; it counts as zero. */
export function latencyMs(decidedAt: number, originTimestamp: number): number {
  return Math.max(0, decidedAt - originTimestamp);
}

export function latencyBucket(latency: number): string {
  const bound = LATENCY_BOUNDS_MS.find((upper) => latency <= upper);
  return bound === undefined ? OVERFLOW_BUCKET : String(bound);
}
