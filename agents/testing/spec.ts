// Given / when / then for deciders, in Emmett's style:
//   const then = await given(agent, history).when(event);
// plus a check that every proposal's payload is valid against its Avro schema.
import avro from 'avsc';
import { loadCatalog } from '../../schemas/catalog.ts';
import {
  foldState,
  type AgentDefinition,
  type DecideContext,
  type EventType,
  type Failure,
  type IncomingEvent,
  type Proposed,
} from '../decider.ts';
import { ModelTiering } from '../llm/tiering.ts';
import { ScriptedModel } from '../llm/scripted.ts';
import type { LlmProvider } from '../llm/provider.ts';
import { testEpoch } from './events.ts';

export const testTiering = ModelTiering.load();

export function testContext(overrides: Partial<DecideContext> = {}): DecideContext {
  const llm: LlmProvider = new ScriptedModel(testTiering.prices);
  return {
    now: testEpoch,
    llm,
    budgetLeftMicros: 1_000_000,
    deadlineMs: 5_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

export function given<State, Consumed extends EventType>(
  agent: AgentDefinition<State, Consumed, EventType>,
  history: readonly IncomingEvent<Consumed>[] = [],
) {
  const state = foldState(agent, history);
  return {
    state,
    when: async (
      event: IncomingEvent<Consumed>,
      ctx: DecideContext = testContext(),
    ): Promise<readonly Proposed[]> => assertValidPayloads(await agent.decide(event, state, ctx)),
    whenFailing: (event: IncomingEvent<Consumed>, failure: Failure): readonly Proposed[] =>
      assertValidPayloads(agent.fallback(event, state, failure)),
  };
}

const payloadTypes = new Map(
  [...loadCatalog()].map(([name, schema]) => [name, avro.Type.forSchema(schema as avro.Schema)]),
);

/** Throws with the offending paths when a payload would not encode under its type's schema. */
export function assertValidPayloads<T extends readonly Proposed[]>(proposals: T): T {
  for (const proposal of proposals) {
    const type = payloadTypes.get(proposal.type);
    if (!type) throw new Error(`no schema for ${proposal.type}`);
    const problems: string[] = [];
    type.isValid(proposal.payload, {
      noUndeclaredFields: true,
      errorHook: (path) => problems.push(path.join('.') || '(an undeclared field)'),
    });
    if (problems.length > 0) throw new Error(`${proposal.type} payload invalid at: ${problems.join(', ')}`);
  }
  return proposals;
}

/** The proposals of one type, with their payloads typed. */
export function ofType<T extends EventType>(proposals: readonly Proposed[], type: T): Proposed<T>[] {
  return proposals.filter((proposal) => proposal.type === type) as unknown as Proposed<T>[];
}
