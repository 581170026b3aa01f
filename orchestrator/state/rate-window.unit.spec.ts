import { describe, expect, it } from 'vitest';
import { busiestWindow } from '../../test/support/rate-check.ts';
import { countedAt, emptyWindow, hitsWithin, withHit, type RateWindow } from './rate-window.ts';

const windowMs = 60_000;
const limit = 20;

/** A gate counting arrivals in the order given, at its clock `now`; returns the admitted arrivals. */
function admitted(arrivals: readonly { arrivedAt: number; now: number }[]): number[] {
  let window: RateWindow = emptyWindow(windowMs);
  const admitted: number[] = [];
  for (const { arrivedAt, now } of arrivals) {
    const at = countedAt(arrivedAt, windowMs, now);
    if (hitsWithin(window, windowMs, at) < limit) admitted.push(arrivedAt);
    window = withHit(window, windowMs, at, now);
  }
  return admitted;
}

/** A deterministic pseudo-random sequence, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('the rate window', () => {
  it('admits at most the limit in any window of arrivals, however late and out of order they are counted', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = random(seed);
      // Bursts and lulls over ten minutes, each record counted up to two windows after it arrived.
      const arrivals = Array.from({ length: 400 }, (_, i) => i * 1500 * next() ** 3)
        .map((arrivedAt) => ({ arrivedAt, now: arrivedAt + next() * 2 * windowMs }))
        .sort((a, b) => a.now - b.now);
      expect(busiestWindow(admitted(arrivals), windowMs)).toBeLessThanOrEqual(limit);
    }
  });

  it('judges a backlog by when it arrived: records sent at a steady rate within the limit all pass', () => {
    // One record every 4 s for two minutes (15 a minute), all counted at once just after.
    const arrivals = Array.from({ length: 30 }, (_, i) => ({ arrivedAt: i * 4000, now: 125_000 }));
    expect(admitted(arrivals)).toHaveLength(30);
  });

  it('keeps a burst throttled when it is counted long after it arrived', () => {
    // 50 records within a second, counted ten minutes later: beyond the buckets kept, they are
    // counted at the oldest time kept, together, and still only `limit` pass.
    const arrivals = Array.from({ length: 50 }, (_, i) => ({ arrivedAt: i * 20, now: 600_000 + i }));
    expect(admitted(arrivals)).toHaveLength(limit);
  });

  it('keeps a bounded number of buckets whatever the rate', () => {
    let window: RateWindow = emptyWindow(windowMs);
    for (let t = 0; t < 20 * windowMs; t += 100) window = withHit(window, windowMs, t, t);
    expect(window.buckets.length).toBeLessThanOrEqual(4 * 60 + 1);
  });
});
