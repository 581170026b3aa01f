import { KafkaJSConnectionError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../schemas/generated/types.ts';
import { DeadlineOutbox } from './deadline-outbox.ts';
import type { DueDeadline } from './deadlines.ts';

const due = (n: number): DueDeadline => ({
  rule: { name: 'response', afterMs: 1_000, startOn: ['banking.CustomerRequestReceived'] },
  dueAt: n,
  cause: { correlationId: `wf-${n}` } as Envelope,
});

const fail = (error: unknown) => {
  throw error;
};

describe('deadline outbox', () => {
  it('sends a burst of due deadlines in order, one batch at a time, never two sends at once', async () => {
    const batches: number[][] = [];
    let concurrent = 0;
    let mostConcurrent = 0;
    const outbox = new DeadlineOutbox(
      async (batch) => {
        concurrent += 1;
        mostConcurrent = Math.max(mostConcurrent, concurrent);
        await new Promise((resolve) => setImmediate(resolve));
        batches.push(batch.map((d) => d.dueAt));
        concurrent -= 1;
      },
      fail,
      100,
    );

    for (let n = 0; n < 250; n++) outbox.push(due(n));
    await outbox.idle();

    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(Array.from({ length: 250 }, (_, n) => n));
    expect(mostConcurrent).toBe(1);
  });

  it('sends what is pushed after a drain has finished', async () => {
    const sent: number[] = [];
    const outbox = new DeadlineOutbox(async (batch) => void sent.push(...batch.map((d) => d.dueAt)), fail);
    outbox.push(due(1));
    await outbox.idle();
    outbox.push(due(2));
    await outbox.idle();

    expect(sent).toEqual([1, 2]);
  });

  it('sends a batch again until a retriable failure passes', async () => {
    const sent: number[][] = [];
    let calls = 0;
    const outbox = new DeadlineOutbox<number>(
      (batch) => {
        calls += 1;
        if (calls < 3) return Promise.reject(new KafkaJSConnectionError('connect ECONNREFUSED'));
        sent.push([...batch]);
        return Promise.resolve();
      },
      (error) => {
        throw error;
      },
    );
    outbox.push(1);
    await outbox.idle();

    expect(sent).toEqual([[1]]);
    expect(calls).toBe(3);
  });

  it('reports a failed send and drops what was queued: a restart finds those deadlines overdue again', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const outbox = new DeadlineOutbox(
      () => {
        calls += 1;
        return Promise.reject(new Error('broker gone'));
      },
      (error) => errors.push(error),
      1,
    );
    outbox.push(due(1));
    outbox.push(due(2));
    await outbox.idle();

    expect(errors).toEqual([new Error('broker gone')]);
    expect(calls).toBe(1);
  });
});
