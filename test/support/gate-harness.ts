// A gate on real topics with a unique prefix, a registry of test agents and readers for its
// decisions and inboxes: the running path, end to end, for integration tests.
import { fileURLToPath } from 'node:url';
import type { Bus } from '../../bus/port.ts';
import { topicNames, topicSpecs, type TopicNames } from '../../bus/topics.ts';
import { startGate, type Gate, type GateOptions } from '../../orchestrator/gate/index.ts';
import { loadComposite, type Composite } from '../../orchestrator/policy/composite.ts';
import { controlRecord, registrationRecord } from '../../registry/publish.ts';
import { testOperator } from '../../registry/testing.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type EnvelopeFields } from '../../schemas/envelope.ts';
import type {
  AgentAnnounced,
  ControlCommand,
  Decision,
  RecordName,
  RecordTypes,
} from '../../schemas/generated/types.ts';
import { collect, type Collector } from './collect.ts';
import { keyPairFor, type KeyPair } from './keys.ts';
import { uniqueName } from './names.ts';

export const defaultPolicyPath = fileURLToPath(new URL('../../orchestrator/policies.yaml', import.meta.url));

type AgentSpec = Omit<AgentAnnounced, 'publicKey' | 'announcedAt' | 'version'>;

export const testAgents: AgentSpec[] = [
  {
    name: 'analyst',
    consumes: ['banking.*'],
    emits: ['analysis.AccountAnalysed'],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'analysis unavailable',
  },
  {
    name: 'fraud',
    consumes: ['banking.TransactionPosted'],
    emits: ['fraud.RiskScored'],
    riskClass: 'MEDIUM',
    clearance: 'PII',
    requiredRoles: [],
    fallback: 'manual review',
  },
  {
    name: 'aml-monitor',
    consumes: ['banking.TransactionPosted', 'banking.CustomerRequestReceived'],
    emits: ['aml.AlertRaised'],
    riskClass: 'HIGH',
    clearance: 'PII',
    requiredRoles: [],
    fallback: 'alert for review',
  },
  {
    name: 'advisor',
    consumes: ['banking.CustomerRequestReceived'],
    emits: ['advice.RecommendationMade'],
    riskClass: 'MEDIUM',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'no advice',
  },
  {
    name: 'public-faq',
    consumes: ['banking.CustomerRequestReceived'],
    emits: [],
    riskClass: 'LOW',
    clearance: 'PUBLIC',
    requiredRoles: [],
    fallback: 'see website',
  },
  {
    name: 'responder',
    consumes: ['analysis.*', 'fraud.*', 'advice.*'],
    emits: ['response.CustomerAnswered'],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'we will call you',
  },
];

export interface Installation {
  readonly names: TopicNames;
  readonly keys: ReadonlyMap<string, KeyPair>;
  readonly decisions: Collector;
  propose<N extends RecordName>(
    fields: EnvelopeFields & { type: N },
    payload: RecordTypes[N],
    options?: ProposeOptions,
  ): Promise<void>;
  sendRaw(topic: string, key: string, value: Buffer): Promise<void>;
  decisionFor(eventId: string): Promise<Decision>;
  /** The first `count` decisions on records with this event id, in the order they were decided. */
  decisionsFor(eventId: string, count: number): Promise<Decision[]>;
  /** Every inbox record, read after the decisions in question are visible (same transaction). */
  inboxDecisionIds(agent: string): Promise<string[]>;
  /** An operator-signed control command. */
  control(command: Pick<ControlCommand, 'kind' | 'target' | 'reason'>): Promise<void>;
  /** A gate's onCrash: every wait of this installation then rejects with the error. */
  readonly reportCrash: (error: unknown) => void;
  stop(): Promise<void>;
}

export interface GateHarness extends Installation {
  readonly gate: Gate;
}

export interface ProposeOptions {
  readonly topic?: 'ingress' | 'proposed';
  readonly signer?: KeyPair['signer'];
}

/** Topics with a unique prefix, the test agents registered on its registry, readers for its output. */
export async function setUpInstallation(bus: Bus, codec: Codec, agents = testAgents): Promise<Installation> {
  const names = topicNames(`${uniqueName('gate')}.`);
  await bus.createTopics(topicSpecs(names, { partitions: 3, agents: agents.map((a) => a.name) }));
  const keys = new Map(agents.map((agent) => [agent.name, keyPairFor(agent.name)]));
  // Registered as an operator would: signed with the test operator's key.
  const { signer: operator } = testOperator();
  for (const agent of agents) {
    const registration = {
      ...agent,
      version: '1.0.0',
      publicKey: keys.get(agent.name)!.publicKeyPem,
      announcedAt: Date.now(),
    };
    await bus.send([await registrationRecord(codec, names, registration, operator)]);
  }
  let reportCrash: (error: unknown) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (reportCrash = reject));
  crashed.catch(() => undefined);
  const collected = collect(bus, uniqueName('decisions'), [names.decisions]);
  const decisions: Collector = {
    ...collected,
    until: (predicate) => Promise.race([collected.until(predicate), crashed]),
  };
  const decoded = new Map<string, Decision>();
  const decisionsFor = async (eventId: string, count: number): Promise<Decision[]> => {
    for (;;) {
      const records = [...decisions.records];
      for (const record of records) {
        const key = `${record.partition}/${record.offset}`;
        if (!decoded.has(key)) decoded.set(key, await codec.decodeAs('swarmgate.v1.Decision', record.value));
      }
      const found = [...decoded.values()].filter((decision) => decision.eventId === eventId);
      if (found.length >= count) return found.slice(0, count);
      await decisions.until((r) => r.length > records.length);
    }
  };

  return {
    names,
    keys,
    decisions,
    async propose(fields, payload, options = {}) {
      const envelope = await sealEnvelope(codec, fields, payload, options.signer);
      const topic = options.topic === 'proposed' ? names.proposed : names.ingress;
      await bus.send([{ topic, key: fields.correlationId, value: await encodeEnvelope(codec, envelope) }]);
    },
    sendRaw: (topic, key, value) => bus.send([{ topic, key, value }]),
    decisionsFor,
    decisionFor: async (eventId) => (await decisionsFor(eventId, 1))[0]!,
    async inboxDecisionIds(agent) {
      const ids: string[] = [];
      await bus.replay(
        names.inbox(agent),
        { offset: '0' },
        (record) => void ids.push(record.headers['sg-decision-id']?.toString() ?? ''),
      );
      return ids;
    },
    async control(command) {
      const signed = { ...command, id: uniqueName('ctl'), issuedAt: Date.now(), issuedBy: 'ops-test' };
      await bus.send([await controlRecord(codec, names, { ...signed, policyVersion: null }, operator)]);
    },
    reportCrash: (error) => reportCrash(error),
    stop: () => decisions.stop(),
  };
}

/** An installation with a gate running in this process. */
export async function startGateHarness(
  bus: Bus,
  codec: Codec,
  composite: Composite = loadComposite(defaultPolicyPath),
  agents = testAgents,
  options: Pick<GateOptions, 'metrics'> = {},
): Promise<GateHarness> {
  const installation = await setUpInstallation(bus, codec, agents);
  const gate = await startGate({
    bus,
    codec,
    names: installation.names,
    composite,
    operatorKeys: testOperator().keys,
    onCrash: installation.reportCrash,
    metrics: options.metrics,
  });
  return {
    ...installation,
    gate,
    stop: async () => {
      await installation.stop();
      await gate.stop();
    },
  };
}
