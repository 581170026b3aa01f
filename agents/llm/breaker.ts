// A circuit breaker as an explicit transition table (like KafkaJS's transaction state machine):
// a transition the table does not list throws a named error instead of corrupting the state.
// Only retriable failures (server overloaded, timeouts) count; a refused request proves the
// server is alive.
import { isRetriable, SwarmgateError } from '../../schemas/errors.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';
export type BreakerEvent = 'trip' | 'cool-down-elapsed' | 'probe-succeeded' | 'probe-failed';

const transitions: Readonly<Record<BreakerState, Partial<Record<BreakerEvent, BreakerState>>>> = {
  closed: { trip: 'open' },
  open: { 'cool-down-elapsed': 'half-open' },
  'half-open': { 'probe-succeeded': 'closed', 'probe-failed': 'open' },
};

export class IllegalBreakerTransitionError extends SwarmgateError {
  readonly retriable = false;
  constructor(
    readonly from: BreakerState,
    readonly event: BreakerEvent,
  ) {
    super(`circuit breaker cannot take '${event}' in state '${from}'`);
  }
}

export class CircuitOpenError extends SwarmgateError {
  readonly retriable = true;
  constructor(
    readonly breaker: string,
    readonly retryAt: number,
  ) {
    super(`circuit '${breaker}' is open until ${new Date(retryAt).toISOString()}`);
  }
}

export function nextBreakerState(from: BreakerState, event: BreakerEvent): BreakerState {
  const to = transitions[from][event];
  if (!to) throw new IllegalBreakerTransitionError(from, event);
  return to;
}

export interface BreakerOptions {
  /** Consecutive counted failures that open the circuit. */
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  readonly now?: () => number;
  readonly countsAsFailure?: (error: unknown) => boolean;
  readonly onTransition?: (from: BreakerState, to: BreakerState, event: BreakerEvent) => void;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    readonly name: string,
    private readonly options: BreakerOptions,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.admit();
    const probe = this.current === 'half-open';
    if (probe) this.probing = true;
    try {
      const result = await work();
      this.settle(probe, false);
      return result;
    } catch (error) {
      this.settle(probe, (this.options.countsAsFailure ?? isRetriable)(error));
      throw error;
    } finally {
      if (probe) this.probing = false;
    }
  }

  /** Lets a call through, or refuses it fast while open (one probe at a time when half-open). */
  private admit(): void {
    const now = (this.options.now ?? Date.now)();
    const retryAt = this.openedAt + this.options.coolDownMs;
    if (this.current === 'open' && now >= retryAt) this.take('cool-down-elapsed');
    if (this.current === 'open' || (this.current === 'half-open' && this.probing)) {
      throw new CircuitOpenError(this.name, retryAt);
    }
  }

  private settle(probe: boolean, failed: boolean): void {
    if (probe) return this.take(failed ? 'probe-failed' : 'probe-succeeded');
    this.failures = failed ? this.failures + 1 : 0;
    if (this.current === 'closed' && this.failures >= this.options.failureThreshold) this.take('trip');
  }

  private take(event: BreakerEvent): void {
    const from = this.current;
    this.current = nextBreakerState(from, event);
    if (this.current === 'open') this.openedAt = (this.options.now ?? Date.now)();
    if (this.current === 'closed') this.failures = 0;
    this.options.onTransition?.(from, this.current, event);
  }
}
