// Workflow deadlines for agents that declare them: a timer per (workflow, deadline) that, when it
// falls due, proposes workflow.DeadlineReached, so agents react to time through events instead of
// reading a clock. Timers are rebuilt from the inbox on start: an overdue one fires at once.
import type { Envelope } from '../../schemas/generated/types.ts';
import type { DeadlineRule, IncomingEvent } from '../decider.ts';

export interface DueDeadline {
  readonly rule: DeadlineRule;
  readonly dueAt: number;
  /** The envelope that started the deadline; the DeadlineReached answers it. */
  readonly cause: Envelope;
}

/** Workflows whose deadline was reached are remembered up to this many, oldest forgotten first. */
const reachedMemory = 100_000;

export class DeadlineTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly reached = new Set<string>();

  constructor(
    private readonly rules: readonly DeadlineRule[],
    private readonly fire: (due: DueDeadline) => void,
    private readonly clock: () => number,
  ) {}

  /** Notes an inbox event: starts the deadlines it opens, and forgets those it reports reached. */
  observe(event: IncomingEvent, envelope: Envelope): void {
    if (event.type === 'workflow.DeadlineReached') {
      const key = `${event.correlationId}\u0000${event.payload.name}`;
      this.reached.add(key);
      if (this.reached.size > reachedMemory) this.reached.delete(this.reached.values().next().value!);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      return;
    }
    for (const rule of this.rules) {
      const key = `${event.correlationId}\u0000${rule.name}`;
      if (!rule.startOn.includes(event.type) || this.timers.has(key) || this.reached.has(key)) continue;
      const dueAt = event.occurredAt + rule.afterMs;
      const timer = setTimeout(
        () => {
          this.timers.delete(key);
          this.fire({ rule, dueAt, cause: envelope });
        },
        Math.max(0, dueAt - this.clock()),
      );
      timer.unref();
      this.timers.set(key, timer);
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
