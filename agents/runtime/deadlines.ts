// Workflow deadlines for agents that declare them: a timer per (workflow, deadline) that, when it
// falls due, proposes workflow.DeadlineReached, so agents react to time through events instead of
// reading a clock. A started deadline and a reached one are entries of the partition's state
// store, written with the batch that started or reached it: whoever owns the partition next —
// after a restart or a rebalance — restores its timers, and an overdue one fires at once.
import type { StateStore, StoreBatch } from '../../bus/state-store.ts';
import type { Envelope } from '../../schemas/generated/types.ts';
import type { DeadlineRule, IncomingEvent } from '../decider.ts';

export interface DueDeadline {
  readonly rule: DeadlineRule;
  readonly dueAt: number;
  /** The envelope that started the deadline; the DeadlineReached answers it. */
  readonly cause: Envelope;
}

const pendingPrefix = 'd\u0000';
/** Reached deadlines are remembered (so a later event does not start them again) with their time. */
export const reachedPrefix = 'r\u0000';
const deadlineId = (correlationId: string, name: string) => `${correlationId}\u0000${name}`;

/** A deadline as the store keeps it: its cause is the inbox record's bytes. */
export interface StoredDeadline {
  readonly id: string;
  readonly name: string;
  readonly dueAt: number;
  readonly cause: Buffer;
}

/** What a batch did to the deadlines, applied to the timers once it commits. */
export interface DeadlineChanges {
  readonly started: (StoredDeadline & { readonly envelope: Envelope })[];
  readonly reached: string[];
}

/** Notes an inbox event in the batch: the deadlines it starts, and the one it reports reached. */
export function noteDeadlines(
  rules: readonly DeadlineRule[],
  event: IncomingEvent,
  cause: Buffer,
  envelope: Envelope,
  batch: StoreBatch,
  changes: DeadlineChanges,
): void {
  if (event.type === 'workflow.DeadlineReached') {
    const id = deadlineId(event.correlationId, event.payload.name);
    batch.delete(pendingPrefix + id);
    batch.put(reachedPrefix + id, { at: event.occurredAt });
    changes.reached.push(id);
    return;
  }
  for (const rule of rules) {
    const id = deadlineId(event.correlationId, rule.name);
    if (!rule.startOn.includes(event.type)) continue;
    if (batch.get(pendingPrefix + id) || batch.get(reachedPrefix + id)) continue;
    const started = { id, name: rule.name, dueAt: event.occurredAt + rule.afterMs, cause };
    batch.put(pendingPrefix + id, { name: rule.name, dueAt: started.dueAt, cause: cause.toString('base64') });
    changes.started.push({ ...started, envelope });
  }
}

/** The deadlines a restored store holds pending. */
export function pendingDeadlines(store: StateStore): StoredDeadline[] {
  const pending: StoredDeadline[] = [];
  for (const key of store.keys()) {
    if (!key.startsWith(pendingPrefix)) continue;
    const { name, dueAt, cause } = store.get(key) as { name: string; dueAt: number; cause: string };
    pending.push({ id: key.slice(pendingPrefix.length), name, dueAt, cause: Buffer.from(cause, 'base64') });
  }
  return pending;
}

/** The timers of one partition's pending deadlines. */
export class DeadlineTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly rules: readonly DeadlineRule[],
    private readonly fire: (due: DueDeadline) => void,
    private readonly clock: () => number,
    private readonly openCause: (cause: Buffer) => Promise<Envelope>,
  ) {}

  /** Starts the timers of a restored partition's pending deadlines. */
  async restore(deadlines: readonly StoredDeadline[]): Promise<void> {
    for (const deadline of deadlines) this.schedule(deadline, await this.openCause(deadline.cause));
  }

  apply(changes: DeadlineChanges): void {
    for (const id of changes.reached) {
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
    for (const started of changes.started) this.schedule(started, started.envelope);
  }

  private schedule(deadline: StoredDeadline, cause: Envelope): void {
    const rule = this.rules.find(({ name }) => name === deadline.name);
    if (!rule || this.timers.has(deadline.id)) return;
    const fire = () => {
      this.timers.delete(deadline.id);
      this.fire({ rule, dueAt: deadline.dueAt, cause });
    };
    const timer = setTimeout(fire, Math.max(0, deadline.dueAt - this.clock()));
    timer.unref();
    this.timers.set(deadline.id, timer);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
