// A provider behind a circuit breaker: while the model server keeps failing, calls are refused
// at once (CircuitOpenError) and the agent's fallback answers instead of waiting on timeouts.
import type { CircuitBreaker } from './breaker.ts';
import type { Completion, CompletionRequest, LlmProvider } from './provider.ts';

export function withBreaker(provider: LlmProvider, breaker: CircuitBreaker): LlmProvider {
  return {
    complete: (request: CompletionRequest): Promise<Completion> =>
      breaker.run(() => provider.complete(request)),
  };
}
