// Runs one agent: consume its inbox in its own group, fold state, call decide under a deadline and
// the workflow's budget (fallback and an incident when that fails), sign every output and propose
// it on sg.proposed, in one transaction with the inbox offsets: a redelivered input never yields
// a second output.
import { decodeOrDeadLetter } from '../../bus/dead-letters.ts';
import type { Bus, ConsumedRecord, OutgoingRecord, RecordBatch } from '../../bus/port.ts';
import { runExactlyOnce, type Produced } from '../../bus/processor.ts';
import { inSpan, traceparentOf } from '../../bus/tracing.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { OperatorKeys } from '../../registry/operator-keys.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, openEnvelope } from '../../schemas/envelope.ts';
import type { Envelope } from '../../schemas/generated/types.ts';
import { consumesType, type AnyAgent, type IncomingEvent } from '../decider.ts';
import type { LlmProvider } from '../llm/provider.ts';
import { announce } from './announce.ts';
import { answerEnvelope, toIncoming } from './envelopes.ts';
import { DeadlineOutbox } from './deadline-outbox.ts';
import { DeadlineTimers, type DueDeadline } from './deadlines.ts';
import { followDrills, type DrillBatch } from './drill.ts';
import { handleEvent } from './handle.ts';
import type { AgentIdentity } from './keys.ts';
import { SpendLedger } from './ledger.ts';
import { rebuildState } from './rebuild.ts';

export interface AgentRuntimeOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly agent: AnyAgent;
  readonly identity: AgentIdentity;
  readonly llm: LlmProvider;
  /** Operator keys: only drills they signed take effect. */
  readonly operatorKeys: OperatorKeys;
  /** Per-workflow spending the runtime allows itself, in micros. */
  readonly budgetMicros?: number;
  readonly deadlineMs?: number;
  readonly clock?: () => number;
  readonly onCrash?: (error: unknown) => void;
  /** Called once a batch is committed, per handled event (for logs, metrics and tests). */
  readonly onHandled?: (event: IncomingEvent, failure: string | null) => void;
}

export interface RunningAgent {
  readonly state: () => unknown;
  stop(): Promise<void>;
}

/** An agent's consumer group; it also prefixes its transactional ids (one per inbox partition). */
export const agentGroupId = (names: TopicNames, agent: string): string => `${names.inbox(agent)}.agent`;

export async function startAgent(options: AgentRuntimeOptions): Promise<RunningAgent> {
  const { bus, codec, names, agent, identity } = options;
  const clock = options.clock ?? Date.now;
  const inbox = names.inbox(agent.name);
  const groupId = agentGroupId(names, agent.name);
  const ledger = new SpendLedger(options.budgetMicros ?? 2_000_000);
  // Declared before the timers: a deadline overdue at start fires while the state is rebuilt.
  // At-least-once is enough here: the gate delivers an event id once, and agents treat a
  // repeated DeadlineReached as already handled.
  const deadlineRecord = async (due: DueDeadline): Promise<OutgoingRecord> => {
    const answer = {
      agent: agent.name,
      input: due.cause,
      now: clock(),
      signer: identity,
      traceparent: due.cause.traceparent ?? null,
    };
    const proposed = {
      type: 'workflow.DeadlineReached' as const,
      payload: { name: due.rule.name, dueAt: due.dueAt },
      classification: 'INTERNAL' as const,
      costMicros: 0,
    };
    const envelope = await answerEnvelope(
      codec,
      answer,
      proposed,
      -1 - (agent.deadlines ?? []).indexOf(due.rule),
    );
    return {
      topic: names.proposed,
      key: envelope.correlationId,
      value: await encodeEnvelope(codec, envelope),
    };
  };

  let state = agent.initialState();
  // A workflow the agent has finished with needs no deadline, also after a restart, nor one
  // that was settled while its deadline waited in the outbox.
  const unsettled = (due: DueDeadline) => agent.settled?.(state, due.cause.correlationId) !== true;
  const outbox = new DeadlineOutbox(
    async (batch) => bus.send(await Promise.all(batch.filter(unsettled).map(deadlineRecord))),
    options.onCrash ?? ((error) => console.error(`agent ${agent.name} could not propose deadlines:`, error)),
  );
  const fallDue = (due: DueDeadline) => {
    if (unsettled(due)) outbox.push(due);
  };
  const timers = new DeadlineTimers(agent.deadlines ?? [], fallDue, clock);
  state = await rebuildState(bus, codec, agent, inbox, groupId, ledger, (event, envelope, soFar) => {
    state = soFar;
    timers.observe(event, envelope);
  });
  await announce(bus, codec, names, agent, identity, clock());
  const drills = await followDrills(bus, codec, names, options.operatorKeys, agent.name);

  type Scratch = { state: unknown; handled: [IncomingEvent, string | null, Envelope][]; drills: DrillBatch };
  const handleRecord = async (record: ConsumedRecord, scratch: Scratch) => {
    const opened = await openEnvelope(codec, record.value);
    if (opened.payloadError !== null)
      throw new Error(`payload of ${opened.envelope.id} does not decode: ${opened.payloadError}`);
    const event = toIncoming(opened);
    if (!consumesType(agent, event.type))
      throw new Error(`${agent.name} does not consume ${String(event.type)}`);
    ledger.add(event.correlationId, event.costMicros);
    const now = clock();
    const acting = await scratch.drills.actingFor(agent, event);
    // The gate's span arrives in the header; the envelope's own traceparent is the sender's.
    const incoming = record.headers.traceparent?.toString() ?? opened.envelope.traceparent ?? null;
    const attributes = {
      'swarmgate.agent': agent.name,
      'swarmgate.workflow': event.correlationId,
      'swarmgate.event_type': event.type,
      'swarmgate.record_timestamp': record.timestamp,
    };
    const handled = await inSpan(`agent.handle ${agent.name}`, incoming, attributes, async (span) => {
      const result = await handleEvent(acting, event, scratch.state, {
        llm: options.llm,
        now,
        deadlineMs: options.deadlineMs ?? 5_000,
        budgetLeftMicros: ledger.leftFor(event.correlationId),
      });
      const cost = result.outputs.reduce((sum, output) => sum + output.costMicros, 0);
      span.setAttributes({
        'swarmgate.cost_micros': cost,
        'swarmgate.outputs': result.outputs.length,
        'swarmgate.fallback': result.failure ?? '',
      });
      return { ...result, traceparent: traceparentOf(span, incoming) };
    });
    scratch.state = agent.evolve(scratch.state, event);
    scratch.handled.push([event, handled.failure, opened.envelope]);
    const answer = {
      agent: agent.name,
      input: opened.envelope,
      now,
      signer: identity,
      traceparent: handled.traceparent,
    };
    const traceparent = handled.traceparent;
    const outputs: OutgoingRecord[] = [];
    for (const [index, proposed] of handled.outputs.entries()) {
      ledger.add(event.correlationId, proposed.costMicros);
      const envelope = await answerEnvelope(codec, answer, proposed, index);
      const headers = traceparent ? { traceparent } : undefined;
      outputs.push({
        topic: names.proposed,
        key: event.correlationId,
        value: await encodeEnvelope(codec, envelope),
        headers,
      });
    }
    return outputs;
  };

  const process = async (batch: RecordBatch): Promise<Produced> => {
    const scratch: Scratch = { state, handled: [], drills: drills.batch() };
    const target = { codec, topic: names.dlq, consumer: groupId };
    const sorted = await decodeOrDeadLetter(batch.records, (record) => handleRecord(record, scratch), target);
    const records = [...sorted.decoded.flatMap(({ value }) => value), ...sorted.deadLetters];
    return {
      records,
      afterCommit: () => {
        state = scratch.state;
        scratch.drills.commit();
        for (const [event, failure, envelope] of scratch.handled) {
          timers.observe(event, envelope);
          options.onHandled?.(event, failure);
        }
      },
    };
  };

  const subscription = runExactlyOnce({
    bus,
    groupId,
    topics: [inbox],
    transactionalIdPrefix: groupId,
    process,
    onCrash: options.onCrash,
  });
  await subscription.ready;
  return {
    state: () => state,
    stop: async () => {
      timers.stop();
      await outbox.idle();
      await subscription.stop();
      await drills.stop();
    },
  };
}
