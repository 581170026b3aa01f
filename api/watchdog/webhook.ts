// POSTs alert notifications to the configured webhook without ever holding up the caller: send()
// queues and returns; one loop delivers in order, retrying a failure (no answer, 429, 5xx) with
// the bus's bounded backoff, and gives up on a notification after `attempts` tries or on another
// 4xx (the receiver will never take it). A full queue drops the oldest notification, logged.
import { backoffDelay, sleepUnless, type Backoff } from '../../bus/retry.ts';
import type { AlertmanagerPayload } from './alerts.ts';

export interface WebhookOptions {
  readonly url: string;
  /** Tries per notification, the first included. Default 8. */
  readonly attempts?: number;
  readonly backoff?: Backoff;
  /** Each POST's time limit. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Notifications waiting at most. Default 1000. */
  readonly queueLimit?: number;
  readonly log?: (event: Record<string, unknown>) => void;
}

export interface AlertWebhook {
  send(payload: AlertmanagerPayload): void;
  /** Resolves once every queued notification is delivered or given up (a test's wait). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

class Rejected extends Error {}

async function post(url: string, payload: AlertmanagerPayload, timeoutMs: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  if (response.ok) return;
  const message = `webhook answered ${response.status}`;
  if (response.status === 429 || response.status >= 500) throw new Error(message);
  throw new Rejected(message);
}

export function alertWebhook(options: WebhookOptions): AlertWebhook {
  const { url, attempts = 8, timeoutMs = 5_000, queueLimit = 1_000, log = () => {} } = options;
  const queue: AlertmanagerPayload[] = [];
  const stopping = new AbortController();
  let draining: Promise<void> = Promise.resolve();

  async function deliver(payload: AlertmanagerPayload): Promise<void> {
    for (let attempt = 0; attempt < attempts && !stopping.signal.aborted; attempt += 1) {
      try {
        return await post(url, payload, timeoutMs);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const last = error instanceof Rejected || attempt + 1 >= attempts;
        log({ event: last ? 'alert.dropped' : 'alert.retrying', url, attempt: attempt + 1, error: message });
        if (last) return;
        await sleepUnless(backoffDelay(attempt, options.backoff), stopping.signal);
      }
    }
  }

  async function drain(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) await deliver(next);
  }

  return {
    send(payload) {
      if (stopping.signal.aborted) return;
      if (queue.length >= queueLimit)
        log({ event: 'alert.dropped', url, error: 'queue full', alert: queue.shift() });
      queue.push(payload);
      if (queue.length === 1) draining = draining.then(drain);
    },
    idle: () => draining,
    async stop() {
      stopping.abort();
      await draining;
    },
  };
}
