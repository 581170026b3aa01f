import { describe, expect, it } from 'vitest';
import { backoffDelay, retrying, sleepUnless } from './retry.ts';

describe('backoff', () => {
  const backoff = { initialMs: 100, maxMs: 1_000 };

  it('doubles from the initial delay and never passes the bound, however many attempts', () => {
    const most = (attempt: number) => backoffDelay(attempt, backoff, () => 1);
    expect([0, 1, 2, 3, 4, 50, 10_000].map(most)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('jitters between half and all of the delay', () => {
    expect(backoffDelay(2, backoff, () => 0)).toBe(200);
    expect(backoffDelay(2, backoff, () => 0.5)).toBe(300);
  });
});

describe('retrying', () => {
  const fast = { backoff: { initialMs: 1, maxMs: 1 } };

  it('retries a retriable failure until the call succeeds', async () => {
    let calls = 0;
    const result = await retrying(async () => {
      calls += 1;
      if (calls < 3)
        throw Object.assign(new Error('leader moving'), { name: 'KafkaJSNumberOfRetriesExceeded' });
      return 'done';
    }, fast);
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up at once on a failure that is not retriable', async () => {
    let calls = 0;
    const refused = retrying(() => {
      calls += 1;
      return Promise.reject(Object.assign(new Error('not authorized'), { retriable: false }));
    }, fast);
    await expect(refused).rejects.toThrow('not authorized');
    expect(calls).toBe(1);
  });
});

describe('retrying on a fake clock', () => {
  const transient = () => Object.assign(new Error('model unavailable'), { retriable: true });

  it('waits the jittered, doubling delays between tries and rethrows once the attempts run out', async () => {
    const waited: number[] = [];
    let calls = 0;
    const exhausted = retrying(
      () => {
        calls += 1;
        return Promise.reject(transient());
      },
      {
        attempts: 4,
        backoff: { initialMs: 100, maxMs: 300 },
        random: () => 1,
        sleep: (ms) => {
          waited.push(ms);
          return Promise.resolve();
        },
      },
    );
    await expect(exhausted).rejects.toThrow('model unavailable');
    expect([calls, waited]).toEqual([4, [100, 200, 300]]);
  });
});

describe('an interruptible backoff', () => {
  it('ends when its signal aborts, not when the hour is up', async () => {
    const stopping = new AbortController();
    const backoff = sleepUnless(3_600_000, stopping.signal);
    stopping.abort();
    await expect(backoff).resolves.toBeUndefined();
    await expect(sleepUnless(3_600_000, stopping.signal)).resolves.toBeUndefined();
  });
});
