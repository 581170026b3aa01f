import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, withDeadline } from './deadline.ts';

const never = () => new Promise<never>(() => undefined);

describe('withDeadline', () => {
  it('given work that finishes in time, then its result is returned', async () => {
    await expect(withDeadline(1_000, () => Promise.resolve(42))).resolves.toBe(42);
  });

  it('given work that ignores its signal, then the caller is still released at the deadline', async () => {
    await expect(withDeadline(20, never)).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it('given work that watches its signal, then the signal aborts with the deadline as reason', async () => {
    let reason: unknown;
    const work = (signal: AbortSignal) =>
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject((reason = signal.reason as Error))),
      );
    await expect(withDeadline(20, work)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('given a parent signal that aborts, then the work is aborted with the parent reason', async () => {
    const parent = new AbortController();
    const pending = withDeadline(60_000, never, parent.signal);
    parent.abort(new Error('shutdown'));
    await expect(pending).rejects.toThrow('shutdown');
  });

  it('given an already aborted parent, then the work is refused at once', async () => {
    await expect(withDeadline(60_000, never, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
