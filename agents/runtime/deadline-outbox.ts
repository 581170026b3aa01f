// Due deadlines leave one batch at a time. After a restart behind a backlog, thousands of
// deadlines fall due at once; a send each would queue thousands of concurrent requests on one
// producer (kafkajs then times out acquiring its lock and the agent stops). Batched, they are a
// few requests, and a deadline that became moot while it waited is dropped before it is sent.
import { retrying } from '../../bus/retry.ts';
import type { DueDeadline } from './deadlines.ts';

export class DeadlineOutbox<Item = DueDeadline> {
  private readonly queue: Item[] = [];
  private draining: Promise<void> = Promise.resolve();
  private running = false;

  constructor(
    private readonly send: (batch: readonly Item[]) => Promise<void>,
    /**
     * A send that failed for good: the agent stops, and its restart finds the deadlines overdue
     * again. A retriable failure (brokers down, a leader moving) is retried with backoff, the same
     * batch until it is sent: nothing outside restarts an agent a broker outage stopped.
     */
    private readonly onError: (error: unknown) => void,
    private readonly batchSize = 500,
  ) {}

  push(due: Item): void {
    this.queue.push(due);
    if (this.running) return;
    this.running = true;
    this.draining = this.drain();
  }

  /** Resolves once everything queued so far has been handed to `send`. */
  idle(): Promise<void> {
    return this.draining;
  }

  private async drain(): Promise<void> {
    try {
      // Let the timers due in this turn of the event loop join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.batchSize);
        await retrying(() => this.send(batch));
      }
    } catch (error) {
      this.queue.length = 0;
      this.onError(error);
    } finally {
      // Synchronously after the last check of the queue: a push from now on starts a new drain.
      this.running = false;
    }
  }
}
