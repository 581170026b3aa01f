// Runs one decide call under the runtime's guards: a deadline, the workflow's budget, and the
// agent's deterministic fallback on timeout, exception, open circuit or exhausted budget.
import type { AnyAgent, IncomingEvent, Proposed } from '../decider.ts';
import { BudgetExhaustedError, classifyFailure, runFallback } from '../fallback.ts';
import { withDeadline } from '../llm/deadline.ts';
import type { LlmProvider } from '../llm/provider.ts';

export interface HandleContext {
  readonly llm: LlmProvider;
  readonly now: number;
  readonly deadlineMs: number;
  readonly budgetLeftMicros: number;
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
    const outputs = await withDeadline(ctx.deadlineMs, (signal) =>
      agent.decide(event, state, {
        now: ctx.now,
        llm: ctx.llm,
        budgetLeftMicros: ctx.budgetLeftMicros,
        deadlineMs: ctx.deadlineMs,
        signal,
      }),
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
