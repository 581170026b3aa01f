// The contract of an agent: a pure decider in Emmett's sense. The runtime owns all I/O (the inbox,
// clocks, ids, deadlines, budgets, the breaker); an agent only folds events into state and turns
// one event into proposals. The runtime calls, for each inbox event in order:
//   outputs = await decide(event, state, ctx)   // or fallback(event, state, failure) if it fails
//   state   = evolve(state, event)              // always, whatever decide did
// so `state` is a pure fold of the inbox and can be rebuilt by replaying it (see foldState).
import type {
  Classification,
  Clearance,
  ConfidenceOutcome,
  RecordName,
  RecordTypes,
  RiskClass,
} from '../schemas/generated/types.ts';
import type { LlmProvider } from './llm/provider.ts';
import { SwarmgateError } from '../schemas/errors.ts';

/** Business event types: every registered record except swarmgate's own infrastructure records. */
export type EventType = Exclude<RecordName, `swarmgate.v1.${string}`>;

export interface EventActor {
  readonly userId: string;
  readonly roles: readonly string[];
  readonly tenantId: string;
  readonly region: string;
}

export interface EventConfidence {
  readonly outcome: ConfidenceOutcome;
  readonly score: number;
  readonly rationale: string | null;
}

/** The envelope facts an agent may use; defaults (hops, cost, roles) are filled in by the runtime. */
export interface EnvelopeFacts {
  readonly id: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly source: string;
  readonly occurredAt: number;
  readonly classification: Classification;
  readonly actor: EventActor;
  readonly hops: number;
  readonly costMicros: number;
  readonly confidence: EventConfidence | null;
}

/** An inbox event with its decoded payload; a union tagged by `type` so switches narrow it. */
export type IncomingEvent<T extends EventType = EventType> = {
  [K in T]: EnvelopeFacts & { readonly type: K; readonly payload: RecordTypes[K] };
}[T];

/** What an agent wants published; the runtime adds ids, causation, hops, the actor and the signature. */
export type Proposed<T extends EventType = EventType> = {
  [K in T]: {
    readonly type: K;
    readonly payload: RecordTypes[K];
    readonly classification: Classification;
    /** Required by the gate's explainability policy for recommendations. */
    readonly confidence?: {
      readonly outcome: ConfidenceOutcome;
      readonly score: number;
      readonly rationale: string;
    };
    /** What producing it cost (LLM calls), in millionths of the budget currency. */
    readonly costMicros: number;
  };
}[T];

/** Start a named deadline when a workflow first shows one of `startOn`; it falls due `afterMs` later. */
export interface DeadlineRule {
  readonly name: string;
  readonly afterMs: number;
  readonly startOn: readonly EventType[];
}

export type FailureKind = 'timeout' | 'error' | 'circuit-open' | 'budget';

export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
}

export interface DecideContext {
  /** The runtime's clock, epoch ms. decide never reads Date.now(). */
  readonly now: number;
  readonly llm: LlmProvider;
  /** What the workflow may still spend, in micros. */
  readonly budgetLeftMicros: number;
  /** Milliseconds this decide call is given; `signal` aborts when they are spent. */
  readonly deadlineMs: number;
  readonly signal: AbortSignal;
}

/**
 * One agent. Methods (not function properties) on purpose: method parameters are bivariant, so a
 * concrete agent is assignable to AnyAgent and the runtime can hold a heterogeneous list.
 */
export interface AgentDefinition<
  State,
  Consumed extends EventType = EventType,
  Emitted extends EventType = EventType,
> {
  readonly name: string;
  readonly version: string;
  readonly consumes: readonly Consumed[];
  readonly emits: readonly Emitted[];
  readonly riskClass: RiskClass;
  /** Highest classification the agent may receive. */
  readonly clearance: Clearance;
  /** Roles the actor of an event must hold for this agent to act on it. */
  readonly requiredRoles: readonly string[];
  readonly fallbackDescription: string;
  /**
   * The payload field the state is kept by (every consumed type carries it), when not the
   * workflow: the gate then keys this agent's inbox by it. An agent with deadlines keeps state by
   * workflow, as its DeadlineReached events are keyed by workflow.
   */
  readonly stateKey?: string;
  /** Deadlines the runtime keeps for each workflow, delivered back as workflow.DeadlineReached. */
  readonly deadlines?: readonly DeadlineRule[];
  /** True once the agent is done with the workflow: its deadlines then no longer fall due. */
  settled?(state: State, correlationId: string): boolean;
  initialState(): State;
  /** Pure: the state after `event`. */
  evolve(state: State, event: IncomingEvent<Consumed>): State;
  /** Pure but for ctx.llm; `state` is the state before `event`. Time and ids come from event or ctx. */
  decide(
    event: IncomingEvent<Consumed>,
    state: State,
    ctx: DecideContext,
  ): Promise<readonly Proposed<Emitted>[]>;
  /** Deterministic, degraded but truthful: says what could not be done and why. */
  fallback(event: IncomingEvent<Consumed>, state: State, failure: Failure): readonly Proposed<Emitted>[];
}

/** Any agent, with its state and event types erased (the runtime's view). */
export type AnyAgent = AgentDefinition<unknown>;

/** Rebuilds an agent's state from its inbox history. */
export function foldState<State, Consumed extends EventType>(
  agent: AgentDefinition<State, Consumed, EventType>,
  events: readonly IncomingEvent<Consumed>[],
): State {
  return events.reduce((state, event) => agent.evolve(state, event), agent.initialState());
}

/** True when the agent declares that it consumes this event type; the runtime skips other types. */
export function consumesType(
  agent: { readonly consumes: readonly EventType[] },
  type: string,
): type is EventType {
  return (agent.consumes as readonly string[]).includes(type);
}

export class UnexpectedEventError extends SwarmgateError {
  readonly retriable = false;
  constructor(type: string) {
    super(`no handler for event type ${type}`);
  }
}

/** Closes every switch over event types: a new consumed type is a compile error here. */
export function assertNever(event: never): never {
  throw new UnexpectedEventError((event as { type?: string }).type ?? String(event));
}
