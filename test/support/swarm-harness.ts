// The whole swarm in this process on real topics: the gate on the default policy, every banking
// agent on its own inbox (or some of them in child processes), and a decoded reader of the
// decisions. For end-to-end integration tests.
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseDeskIdentity } from '../../cli/case-desk.ts';
import type { AnyAgent, DecideContext, IncomingEvent, Proposed } from '../../agents/decider.ts';
import { bankingAgents } from '../../agents/banking/index.ts';
import type { LlmProvider } from '../../agents/llm/provider.ts';
import { ScriptedModel } from '../../agents/llm/scripted.ts';
import { ModelTiering } from '../../agents/llm/tiering.ts';
import { registrationOf, startAgent, type RunningAgent } from '../../agents/runtime/index.ts';
import type { Bus } from '../../bus/port.ts';
import { topicNames, topicSpecs, type TopicNames } from '../../bus/topics.ts';
import { startGate, type Gate } from '../../orchestrator/gate/index.ts';
import { loadComposite, type Composite } from '../../orchestrator/policy/composite.ts';
import { registrationRecord } from '../../registry/publish.ts';
import { testOperator } from '../../registry/testing.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, openEnvelope, sealEnvelope, type EnvelopeFields } from '../../schemas/envelope.ts';
import type {
  CustomerRequestReceived,
  Decision,
  RecordName,
  RecordTypes,
  TransactionPosted,
} from '../../schemas/generated/types.ts';
import { runCli as runSwarmgate, type CliRun } from './cli.ts';
import { envelopeFields, transactionPosted } from './envelopes.ts';
import { defaultPolicyPath } from './gate-harness.ts';
import { keyPairFor, type KeyPair } from './keys.ts';
import { services } from './services.ts';
import { uniqueName } from './names.ts';

/** A decision with the id of the event its record answers (from the envelope it carries). */
export type Decided = Decision & { readonly causationId: string | null };

export interface DecisionLog {
  readonly all: readonly Decided[];
  /** Resolves with every decision so far once `predicate` holds for them. */
  until(predicate: (decisions: readonly Decided[]) => boolean): Promise<readonly Decided[]>;
  /** The decisions of one workflow, once `done` holds for them. */
  workflow(correlationId: string, done: (decisions: readonly Decided[]) => boolean): Promise<Decided[]>;
}

export interface SwarmHarness {
  readonly names: TopicNames;
  readonly gate: Gate;
  readonly agents: Map<string, RunningAgent>;
  readonly handled: { agent: string; event: IncomingEvent; failure: string | null }[];
  readonly decisions: DecisionLog;
  /** Stops every agent, leaving the gate running (stop() then stops only the rest). */
  stopAgents(): Promise<void>;
  /** Seals an upstream event and produces it to sg.ingress, keyed by its workflow. */
  ingest<N extends RecordName>(fields: EnvelopeFields & { type: N }, payload: RecordTypes[N]): Promise<void>;
  stop(): Promise<void>;
}

export interface SwarmOptions {
  readonly agents?: readonly AnyAgent[];
  /** Agents that run elsewhere (child processes): only their inboxes are created. */
  readonly external?: readonly string[];
  /** Topics made earlier with createSwarmTopics, e.g. to start external agents before the gate. */
  readonly names?: TopicNames;
  readonly llm?: LlmProvider;
  readonly deadlineMs?: number;
  /** Tries of decide before the fallback on a retriable failure (the runtime's default: 1). */
  readonly decideAttempts?: number;
  readonly budgetMicros?: number;
  readonly composite?: Composite;
  /** Keep the decoded decision log (default); a benchmark reads decisions itself. */
  readonly decisionLog?: boolean;
  /** The Prometheus registries the gate's and each agent's metrics go on, as their processes' would. */
  readonly metrics?: { readonly gate?: Registry; readonly agent?: (name: string) => Registry };
  /** Called when the gate or an agent stops on an error it cannot retry. */
  readonly onCrash?: (error: unknown) => void;
  /** Called once an agent's batch is committed, per handled event (as `handled` records it). */
  readonly onAgentHandled?: (handled: SwarmHarness['handled'][number]) => void;
}

export async function createSwarmTopics(bus: Bus, agents: readonly string[]): Promise<TopicNames> {
  const names = topicNames(`${uniqueName('swarm')}.`);
  await bus.createTopics(topicSpecs(names, { partitions: 3, agents }));
  return names;
}

/** The topic prefix a child process needs (SWARMGATE_TOPIC_PREFIX) to join this swarm. */
export const prefixOf = (names: TopicNames): string => names.ingress.replace(/sg\.ingress$/, '');

export function decisionLog(bus: Bus, codec: Codec, topic: string): DecisionLog & { stop(): Promise<void> } {
  const all: Decided[] = [];
  const waiters = new Set<() => void>();
  const subscription = bus.consume({
    groupId: uniqueName('swarm-decisions'),
    topics: [topic],
    commit: 'after-handle',
    handle: async (batch) => {
      for (const record of batch.records) {
        const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
        const { envelope } = await openEnvelope(codec, decision.envelope);
        all.push({ ...decision, causationId: envelope.causationId ?? null });
      }
      for (const check of waiters) check();
    },
  });
  const until = (predicate: (decisions: readonly Decided[]) => boolean) =>
    new Promise<readonly Decided[]>((resolve) => {
      const check = () => {
        if (!predicate(all)) return;
        waiters.delete(check);
        resolve(all);
      };
      waiters.add(check);
      check();
    });
  return {
    all,
    until,
    workflow: async (correlationId, done) => {
      const mine = () => all.filter((decision) => decision.correlationId === correlationId);
      await until(() => done(mine()));
      return mine();
    },
    stop: () => subscription.stop(),
  };
}

const idleLog: DecisionLog & { stop(): Promise<void> } = {
  all: [],
  until: () => Promise.reject(new Error('this swarm was started without a decision log')),
  workflow: () => Promise.reject(new Error('this swarm was started without a decision log')),
  stop: () => Promise.resolve(),
};

// Every instance of an agent signs with the agent's one key, as instances sharing a key directory do.
const agentKeys = new Map<string, KeyPair>();
/** The key an agent of the swarm signs with (one per agent name), e.g. to propose as that agent. */
export function agentKeyPair(agent: string): KeyPair {
  if (!agentKeys.has(agent)) agentKeys.set(agent, keyPairFor(agent));
  return agentKeys.get(agent)!;
}

/**
 * One agent on the swarm's topics with a test key (one per agent name), registered by the test operator the way
 * `swarmgate up` registers its agents; e.g. to restart it after stopping it.
 */
export async function runAgent(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  agent: AnyAgent,
  options: SwarmOptions & {
    onHandled?: (event: IncomingEvent, failure: string | null) => void;
    onRestored?: (partition: number, records: number) => void;
    /** The agent's clock (deadlines fall due by it). */
    clock?: () => number;
  } = {},
): Promise<RunningAgent> {
  const { signer, publicKeyPem } = agentKeyPair(agent.name);
  const operator = testOperator();
  const registration = registrationOf(agent, publicKeyPem, Date.now());
  await bus.send([await registrationRecord(codec, names, registration, operator.signer)]);
  return startAgent({
    bus,
    codec,
    names,
    agent,
    identity: { keyId: agent.name, privateKey: signer.privateKey, publicKeyPem },
    llm: options.llm ?? new ScriptedModel(ModelTiering.load().prices),
    operatorKeys: operator.keys,
    deadlineMs: options.deadlineMs,
    decideAttempts: options.decideAttempts,
    budgetMicros: options.budgetMicros,
    onCrash: options.onCrash,
    onHandled: options.onHandled,
    onRestored: options.onRestored,
    clock: options.clock,
    metrics: options.metrics?.agent?.(agent.name),
  });
}

export async function startSwarm(bus: Bus, codec: Codec, options: SwarmOptions = {}): Promise<SwarmHarness> {
  const agents = options.agents ?? bankingAgents;
  const names =
    options.names ??
    (await createSwarmTopics(bus, [...agents.map((a) => a.name), ...(options.external ?? [])]));
  const llm = options.llm ?? new ScriptedModel(ModelTiering.load().prices);
  const handled: SwarmHarness['handled'] = [];
  const running = new Map<string, RunningAgent>();
  await Promise.all(
    agents.map(async (agent) => {
      const onHandled = (event: IncomingEvent, failure: string | null) => {
        const entry = { agent: agent.name, event, failure };
        handled.push(entry);
        options.onAgentHandled?.(entry);
      };
      running.set(agent.name, await runAgent(bus, codec, names, agent, { ...options, llm, onHandled }));
    }),
  );
  const decisions = options.decisionLog === false ? idleLog : decisionLog(bus, codec, names.decisions);
  const gate = await startGate({
    bus,
    codec,
    names,
    composite: options.composite ?? loadComposite(defaultPolicyPath),
    operatorKeys: testOperator().keys,
    onCrash: options.onCrash,
    metrics: options.metrics?.gate,
  });
  let agentsStopped: Promise<void> | undefined;
  const stopAgents = () =>
    (agentsStopped ??= Promise.all([...running.values()].map((agent) => agent.stop())).then(() => {}));
  return {
    names,
    gate,
    agents: running,
    handled,
    decisions,
    stopAgents,
    ingest: async (fields, payload) => {
      const envelope = await sealEnvelope(codec, fields, payload);
      await bus.send([
        { topic: names.ingress, key: fields.correlationId, value: await encodeEnvelope(codec, envelope) },
      ]);
    },
    stop: async () => {
      await gate.stop();
      await stopAgents();
      await decisions.stop();
    },
  };
}

/** The payload of the envelope a decision carries (as delivered, after any redaction). */
export async function payloadOf<N extends RecordName>(
  codec: Codec,
  decision: Decision,
  type: N,
): Promise<RecordTypes[N]> {
  const opened = await openEnvelope(codec, decision.envelope);
  if (opened.envelope.type !== type)
    throw new Error(`decision ${decision.decisionId} carries ${opened.envelope.type}, not ${type}`);
  return opened.payload as unknown as RecordTypes[N];
}

type Decide = (event: IncomingEvent, state: unknown, ctx: DecideContext) => Promise<readonly Proposed[]>;

/** The agent with its decide wrapped: the fault injections of the failure tests. */
export function withDecide(agent: AnyAgent, wrap: (decide: Decide) => Decide): AnyAgent {
  return { ...agent, decide: wrap((event, state, ctx) => agent.decide(event, state, ctx)) };
}

/** Takes `ms` longer to decide the events `slow` picks; parallel agents overlap their delays. */
export const delayed = (agent: AnyAgent, ms: number, slow: (event: IncomingEvent) => boolean): AnyAgent =>
  withDecide(agent, (decide) => async (event, state, ctx) => {
    if (slow(event)) await new Promise((resolve) => setTimeout(resolve, ms));
    return decide(event, state, ctx);
  });

/** Never answers: only the runtime's deadline ends the call. */
export const hanging = (agent: AnyAgent): AnyAgent =>
  withDecide(
    agent,
    () => (_event, _state, ctx) =>
      new Promise((_, reject) =>
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)),
      ),
  );

/** Throws, as a handler with a bug or a dependency that is down would. */
export const crashing = (agent: AnyAgent, message: string): AnyAgent =>
  withDecide(agent, () => () => Promise.reject(new Error(message)));

/** An advisor takes the request: HIGH-risk compliance acts only for advisor, admin or system actors. */
export const advisorActor = {
  userId: 'advisor-amy',
  roles: ['advisor'],
  tenantId: 'retail-eu',
  region: 'EU',
};
export const ledgerActor = {
  userId: 'svc-core-ledger',
  roles: ['system'],
  tenantId: 'retail-eu',
  region: 'EU',
};

/** A customer request with the consents its whole path needs (profiling for analysis, advice for advice). */
export function customerRequestIn(
  text: string,
  overrides: { accountId?: string; actor?: typeof advisorActor } = {},
) {
  const fields = {
    ...envelopeFields({
      actor: overrides.actor ?? advisorActor,
      source: 'channel-gateway',
      consent: ['analytics', 'profiling', 'advice'],
    }),
    type: 'banking.CustomerRequestReceived' as const,
  };
  const payload: CustomerRequestReceived = {
    requestId: randomUUID(),
    customerId: 'cust-77',
    accountId: overrides.accountId ?? uniqueName('ACC'),
    channel: 'chat',
    language: 'en',
    text,
    receivedAt: Date.now(),
  };
  return { fields, payload };
}

/** A transaction posted by the core ledger, in its own workflow unless one is given. */
export function transactionIn(overrides: Partial<TransactionPosted> = {}, correlationId?: string) {
  const fields = envelopeFields({ actor: ledgerActor, ...(correlationId ? { correlationId } : {}) });
  return { fields, payload: transactionPosted({ postedAt: Date.now(), ...overrides }) };
}

/**
 * Runs `swarmgate <args>` against this swarm's topics to its end, trusting and signing with the
 * test operator's key: exit code and what it printed.
 */
export function runCli(
  names: TopicNames,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return runSwarmgate(args, {
    KAFKA_BROKERS: services.brokers.join(','),
    SCHEMA_REGISTRY_URL: services.registryUrl,
    SWARMGATE_TOPIC_PREFIX: prefixOf(names),
    ...testOperator().env,
    ...env,
  });
}

/** The operator registers the case desk's key before anyone decides (`swarmgate agents register`). */
export async function registerCaseDesk(swarm: SwarmHarness, keyDir: string): Promise<void> {
  const caseDesk = caseDeskIdentity({ env: { SWARMGATE_KEY_DIR: keyDir } });
  const publicKeyFile = join(keyDir, 'case-desk.pub.pem');
  writeFileSync(publicKeyFile, caseDesk.publicKeyPem);
  const registered = await runCli(swarm.names, [
    'agents',
    'register',
    'case-desk',
    '--public-key',
    publicKeyFile,
  ]);
  if (registered.code !== 0) throw new Error(`agents register case-desk failed: ${registered.stderr}`);
  await swarm.gate.registryUntil(
    (fold) => fold.registration('case-desk')?.publicKey === caseDesk.publicKeyPem,
  );
}
