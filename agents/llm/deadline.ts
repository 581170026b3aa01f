// Bounds any asynchronous work by a deadline. The work gets a signal to stop early; if it ignores
// the signal, the caller is released anyway when the deadline passes.
import { SwarmgateError } from '../../schemas/errors.ts';

export class DeadlineExceededError extends SwarmgateError {
  readonly retriable = true;
  constructor(readonly deadlineMs: number) {
    super(`deadline of ${deadlineMs} ms exceeded`);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** Runs `work` with a signal that aborts after `ms` or when `parent` aborts, whichever is first. */
export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError(ms)), ms);
  const forwardParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) forwardParent();
  else parent?.addEventListener('abort', forwardParent, { once: true });
  try {
    return await Promise.race([work(controller.signal), rejectOnAbort(controller.signal)]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', forwardParent);
  }
}
