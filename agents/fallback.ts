// What the runtime does when decide fails: name the failure, run the agent's deterministic
// fallback, and add an incident so the degraded answer is never silent.
import type { AgentDefinition, EventType, Failure, FailureKind, IncomingEvent, Proposed } from './decider.ts';
import { CircuitOpenError } from './llm/breaker.ts';
import { DeadlineExceededError } from './llm/deadline.ts';
import { LlmError } from './llm/errors.ts';
import { SwarmgateError } from '../schemas/errors.ts';
import type { FailureKind as IncidentFailure } from '../schemas/generated/types.ts';

/** Thrown by decide when the workflow's budget cannot pay for the work. */
export class BudgetExhaustedError extends SwarmgateError {
  readonly retriable = false;
  constructor(
    readonly neededMicros: number,
    readonly leftMicros: number,
  ) {
    super(`needs ${neededMicros} micros, the workflow has ${leftMicros} left`);
  }
}

export function classifyFailure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: failureKind(error), message };
}

function failureKind(error: unknown): FailureKind {
  if (error instanceof BudgetExhaustedError) return 'budget';
  if (error instanceof CircuitOpenError) return 'circuit-open';
  if (error instanceof DeadlineExceededError) return 'timeout';
  if (error instanceof LlmError && error.code === 'TIMEOUT') return 'timeout';
  return 'error';
}

const incidentFailure: Readonly<Record<FailureKind, IncidentFailure>> = {
  timeout: 'TIMEOUT',
  error: 'ERROR',
  'circuit-open': 'CIRCUIT_OPEN',
  budget: 'BUDGET',
};

/** The fallback's proposals followed by an incident.FallbackUsed that says why and what was sent. */
export function runFallback<State, Consumed extends EventType>(
  agent: AgentDefinition<State, Consumed, EventType>,
  event: IncomingEvent<Consumed>,
  state: State,
  failure: Failure,
): readonly Proposed[] {
  const outputs = agent.fallback(event, state, failure);
  const incident: Proposed<'incident.FallbackUsed'> = {
    type: 'incident.FallbackUsed',
    classification: 'INTERNAL',
    costMicros: 0,
    payload: {
      agent: agent.name,
      agentVersion: agent.version,
      eventId: event.id,
      eventType: event.type,
      failure: incidentFailure[failure.kind],
      message: failure.message,
      fallbackDescription: agent.fallbackDescription,
      emittedTypes: outputs.map((output) => output.type),
    },
  };
  return [...outputs, incident];
}
