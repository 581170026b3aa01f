// Runs one decide call under the runtime's guards: a deadline, the workflow's budget, and the
// agent's deterministic fallback on timeout, exception, open circuit or exhausted budget. A
// retriable failure (the model overloaded, a network blip) is first retried with backoff and
// jitter inside the same deadline; only what is still failing reaches the fallback.
import type { AnyAgent, IncomingEvent, Proposed } from '../decider.ts';
import { BudgetExhaustedError, classifyFailure, runFallback } from '../fallback.ts';
import { withDeadline } from '../llm/deadline.ts';
import type { LlmProvider } from '../llm/provider.ts';
import { type Backoff, retrying, sleepUnless } from '../../bus/retry.ts';

export interface HandleContext {
  readonly llm: LlmProvider;
  readonly now: number;
  readonly deadlineMs: number;
  readonly budgetLeftMicros: number;
  /** Tries of decide in all before the fallback, the first included; 1 (no retry) when unset. */
  readonly decideAttempts?: number;
  readonly decideBackoff?: Backoff;
  /** How a backoff is waited; a test passes a fake clock. Defaults to a wait the deadline ends. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Handled {
  readonly outputs: readonly Proposed[];
  /** Set when the fallback answered instead of decide. */
  readonly failure: string | null;
}

export async function handleEvent(
  agent: AnyAgent,
  event: IncomingEvent,
  state: unknown,
  ctx: HandleContext,
): Promise<Handled> {
  try {
    if (ctx.budgetLeftMicros <= 0) throw new BudgetExhaustedError(1, ctx.budgetLeftMicros);
    const wait = ctx.sleep ?? sleepUnless;
    const outputs = await withDeadline(ctx.deadlineMs, (signal) =>
      retrying(
        () =>
          agent.decide(event, state, {
            now: ctx.now,
            llm: ctx.llm,
            budgetLeftMicros: ctx.budgetLeftMicros,
            deadlineMs: ctx.deadlineMs,
            signal,
          }),
        {
          attempts: ctx.decideAttempts ?? 1,
          backoff: ctx.decideBackoff,
          sleep: (ms) => wait(ms, signal),
        },
      ),
    );
    const cost = outputs.reduce((sum, output) => sum + output.costMicros, 0);
    if (cost > ctx.budgetLeftMicros) throw new BudgetExhaustedError(cost, ctx.budgetLeftMicros);
    return { outputs, failure: null };
  } catch (error) {
    const failure = classifyFailure(error);
    return {
      outputs: runFallback(agent, event, state, failure),
      failure: `${failure.kind}: ${failure.message}`,
    };
  }
}
