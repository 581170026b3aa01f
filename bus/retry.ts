// Backing off from a failure that may pass (a broker down, a leader being elected): bounded
// exponential delays with jitter, so many clients coming back at once do not stampede, and no
// single delay grows past the bound however long the outage lasts.
import { isRetriable } from '../schemas/errors.ts';

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** What every recovering consumer and producer waits: 200 ms, doubling, never above 5 s. */
export const recoveryBackoff: Backoff = { initialMs: 200, maxMs: 5_000 };

/** The delay before retry number `attempt` (0-based): between half and all of the capped exponential. */
export function backoffDelay(
  attempt: number,
  backoff: Backoff = recoveryBackoff,
  random = Math.random,
): number {
  const capped = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(capped / 2 + (random() * capped) / 2);
}

export interface RetryOptions {
  /** Tries in all, the first included; unbounded by default. */
  readonly attempts?: number;
  readonly backoff?: Backoff;
  /** Told about each failure that will be retried, with the delay before the next try. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** How the wait is spent; a test passes a fake clock so nothing sleeps. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The jitter's source, in [0, 1). */
  readonly random?: () => number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps `ms`, or until `signal` aborts: a stopping consumer does not sit out its backoff. */
export function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Calls until it succeeds or fails with an error that is not retriable (or the attempts run out). */
export async function retrying<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? Infinity;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt + 1 >= attempts || !isRetriable(error)) throw error;
      const delay = backoffDelay(attempt, options.backoff, options.random);
      options.onRetry?.(error, attempt + 1, delay);
      await (options.sleep ?? sleep)(delay);
    }
  }
}
