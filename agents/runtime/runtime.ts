// Runs one agent: consume its inbox in its own group, fold state, call decide under a deadline and
// the workflow's budget (fallback and an incident when that fails), sign every output and propose
// it on sg.proposed, in one transaction with the inbox offsets and the state it changed: a
// redelivered input never yields a second output. State is kept per inbox partition in the
// agent's compacted state topic, restored by whichever instance is assigned the partition — at
// start and after every rebalance — so restart time follows the live state, not the history.
import { decodeOrDeadLetter } from '../../bus/dead-letters.ts';
import { runPartitioned, type PartitionOutput } from '../../bus/partitioned.ts';
import type { Bus, ConsumedRecord, OutgoingRecord, RecordBatch } from '../../bus/port.ts';
import type { StateStore, StoreBatch } from '../../bus/state-store.ts';
import { agentGroupId, type TopicNames } from '../../bus/topics.ts';
import { Registry } from 'prom-client';
import { ConsumerPositions, groupLag } from '../../bus/consumer-lag.ts';
import type { OperatorKeys } from '../../registry/operator-keys.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import type { Envelope } from '../../schemas/generated/types.ts';
import { consumesType, type AnyAgent, type IncomingEvent } from '../decider.ts';
import type { LlmProvider } from '../llm/provider.ts';
import { announce } from './announce.ts';
import { toIncoming } from './envelopes.ts';
import { DeadlineOutbox } from './deadline-outbox.ts';
import { deadlineRecordOf } from './deadline-record.ts';
import {
  DeadlineTimers,
  noteDeadlines,
  pendingDeadlines,
  type DeadlineChanges,
  type DueDeadline,
} from './deadlines.ts';
import { followDrills, type DrillBatch } from './drill.ts';
import { expiresAt } from './expiry.ts';
import { proposeFor } from './propose.ts';
import type { AgentIdentity } from './keys.ts';
import { SpendLedger } from './ledger.ts';
import { agentMetrics, HandledTally } from './metrics.ts';
import { putStateChanges, stateFromStore } from './state-entries.ts';

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
  /** Tries of decide before the fallback when it fails retriably, the first included; 1 when unset. */
  readonly decideAttempts?: number;
  readonly clock?: () => number;
  /** The process's Prometheus registry (what /metrics serves): the agent's metrics go on it. */
  readonly metrics?: Registry;
  readonly onCrash?: (error: unknown) => void;
  /** Called once a batch is committed, per handled event (for logs, metrics and tests). */
  readonly onHandled?: (event: IncomingEvent, failure: string | null) => void;
  /** Called once an inbox partition's state is restored, with the state records read. */
  readonly onRestored?: (partition: number, records: number) => void;
}

export interface RunningAgent {
  /** The state of each inbox partition this instance holds now. */
  readonly states: () => ReadonlyMap<number, unknown>;
  stop(): Promise<void>;
}

export { agentGroupId };

/** One inbox partition held by this instance: its folded state and its deadlines' timers. */
interface HeldPartition {
  state: unknown;
  readonly timers: DeadlineTimers;
}

interface Scratch {
  state: unknown;
  readonly changes: StoreBatch;
  readonly ledger: SpendLedger;
  readonly deadlines: DeadlineChanges;
  readonly handled: [IncomingEvent, string | null][];
  readonly drills: DrillBatch;
  readonly tally: HandledTally;
}

export async function startAgent(options: AgentRuntimeOptions): Promise<RunningAgent> {
  const { bus, codec, names, agent, identity } = options;
  if (agent.stateKey && (agent.deadlines ?? []).length > 0)
    throw new Error(
      `${agent.name} keeps deadlines, so its state must be kept by workflow, not ${agent.stateKey}`,
    );
  const clock = options.clock ?? Date.now;
  const groupId = agentGroupId(names, agent.name);
  const budgetMicros = options.budgetMicros ?? 2_000_000;
  const rules = agent.deadlines ?? [];
  const held = new Map<number, HeldPartition>();
  const metrics = agentMetrics(options.metrics ?? new Registry());
  for (const outcome of ['produced', 'fallback', 'dead_lettered'] as const)
    metrics.records.inc({ agent: agent.name, outcome }, 0);
  const positions = new ConsumerPositions();

  // A deadline fires only on the instance holding its partition, and not for a workflow the agent
  // has finished with (also one settled while its deadline waited in the outbox). At-least-once
  // is enough: the gate delivers an event id once, and agents treat a repeat as already handled.
  const unsettled = (partition: number) => (due: DueDeadline) => {
    const holding = held.get(partition);
    return holding !== undefined && agent.settled?.(holding.state, due.cause.correlationId) !== true;
  };
  const onCrash =
    options.onCrash ?? ((error: unknown) => console.error(`agent ${agent.name} stopped:`, error));
  const outbox = new DeadlineOutbox<{ partition: number; due: DueDeadline }>(async (batch) => {
    const due = batch.filter(({ partition, due }) => unsettled(partition)(due)).map(({ due }) => due);
    await bus.send(
      await Promise.all(due.map((d) => deadlineRecordOf(codec, names, agent, identity, d, clock()))),
    );
  }, onCrash);
  const openCause = async (cause: Buffer): Promise<Envelope> => (await openEnvelope(codec, cause)).envelope;

  const onRestored = async (partition: number, store: StateStore, records: number) => {
    const timers = new DeadlineTimers(rules, (due) => outbox.push({ partition, due }), clock, openCause);
    held.set(partition, { state: stateFromStore(agent.initialState(), store), timers });
    await timers.restore(pendingDeadlines(store));
    options.onRestored?.(partition, records);
  };
  const onDropped = (partition: number) => {
    held.get(partition)?.timers.stop();
    held.delete(partition);
  };

  await announce(bus, codec, names, agent, identity, clock());
  const drills = await followDrills(bus, codec, names, options.operatorKeys, agent.name);
  const propose = proposeFor(options);

  const handleRecord = async (record: ConsumedRecord, scratch: Scratch): Promise<OutgoingRecord[]> => {
    const opened = await openEnvelope(codec, record.value);
    if (opened.payloadError !== null)
      throw new Error(`payload of ${opened.envelope.id} does not decode: ${opened.payloadError}`);
    const event = toIncoming(opened);
    if (!consumesType(agent, event.type))
      throw new Error(`${agent.name} does not consume ${String(event.type)}`);
    scratch.ledger.add(event.correlationId, event.costMicros, event.occurredAt);
    const acting = await scratch.drills.actingFor(agent, event);
    const { outputs, failure, costMicros } = await propose(acting, record, opened.envelope, event, scratch);
    scratch.state = agent.evolve(scratch.state, event);
    noteDeadlines(rules, event, record.value!, opened.envelope, scratch.changes, scratch.deadlines);
    scratch.handled.push([event, failure]);
    scratch.tally.add(failure === null ? 'produced' : 'fallback', costMicros);
    return outputs;
  };

  const process = async (batch: RecordBatch, store: StateStore): Promise<PartitionOutput> => {
    const holding = held.get(batch.partition);
    if (!holding) throw new Error(`inbox partition ${batch.partition} is not restored`);
    const changes = store.begin();
    const scratch: Scratch = {
      state: holding.state,
      changes,
      ledger: new SpendLedger(budgetMicros, changes),
      deadlines: { started: [], reached: [] },
      handled: [],
      drills: drills.batch(),
      tally: new HandledTally(metrics, agent.name),
    };
    const target = { codec, topic: names.agentDlq(agent.name), consumer: groupId };
    const sorted = await decodeOrDeadLetter(batch.records, (record) => handleRecord(record, scratch), target);
    scratch.tally.deadLettered(sorted.deadLetters.length);
    putStateChanges(holding.state, scratch.state, changes);
    changes.expireOccasionally(clock(), expiresAt);
    return {
      records: [...sorted.decoded.flatMap(({ value }) => value), ...sorted.deadLetters],
      changes,
      afterCommit: () => {
        holding.state = scratch.state;
        scratch.drills.commit();
        holding.timers.apply(scratch.deadlines);
        scratch.tally.commit();
        for (const [event, failure] of scratch.handled) options.onHandled?.(event, failure);
      },
    };
  };

  const subscription = runPartitioned({
    bus,
    groupId,
    topics: [names.inbox(agent.name)],
    changelog: names.agentState(agent.name),
    process,
    onRestored,
    onDropped,
    onCommitted: (batch) => positions.passed(batch),
    onCrash: options.onCrash,
  });
  await subscription.ready;
  const unwatch = metrics.inboxLag.watch({
    group: groupId,
    read: () => groupLag(bus, groupId, [names.inbox(agent.name)], positions),
    labels: { agent: agent.name },
  });
  return {
    states: () => new Map([...held].map(([partition, { state }]) => [partition, state])),
    stop: async () => {
      unwatch();
      await subscription.stop();
      for (const partition of [...held.keys()]) onDropped(partition);
      await outbox.idle();
      await drills.stop();
    },
  };
}
