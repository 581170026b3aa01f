// The least privileges of `swarmgate acls` are enough for the running path: the gate, every
// banking agent, the projector and upstream each log in as their own principal on the local
// broker (authorizer on) and a customer request and a transaction go all the way through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig } from '../agents/banking/index.ts';
import type { RunningAgent } from '../agents/runtime/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicSpecs, type TopicNames } from '../bus/topics.ts';
import { aclEntries, aclPlan, aclPrincipals, applyAcls, type AclGrant } from '../cli/acls.ts';
import { startGate, type Gate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { checkpointsTopic } from '../projector/checkpoint-topic.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { ed25519Keys, freshSchema, openTestDb } from '../projector/testing/database.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import { defaultPolicyPath } from './support/gate-harness.ts';
import { localLogin } from './support/kafka-credentials.ts';
import { services } from './support/services.ts';
import { testOperator } from '../registry/testing.ts';
import {
  createSwarmTopics,
  customerRequestIn,
  decisionLog,
  runAgent,
  transactionIn,
  type Decided,
} from './support/swarm-harness.ts';

const config = {
  ...defaultBankingConfig,
  responder: { ...defaultBankingConfig.responder, responseAfterMs: 1_000 },
};
const agents = createBankingAgents({ config });
const answered = (decisions: readonly Decided[]) =>
  decisions.some((d) => d.eventType === 'response.CustomerAnswered');

describe('every component as its own Kafka principal, under swarmgate acls', () => {
  const admin = new KafkaBus({ brokers: services.brokers, clientId: 'principals-admin' });
  const kafkaAdmin = admin.kafka.admin();
  const codec = Codec.connect(services.registryUrl);
  const db = openTestDb();
  const buses: KafkaBus[] = [];
  const as = (user: string) => {
    const bus = new KafkaBus({
      brokers: services.brokers,
      clientId: `principals-${user}`,
      client: { sasl: localLogin(user) },
    });
    buses.push(bus);
    return bus;
  };
  // A component that stops on an error (an ACL it lacks) fails the test instead of hanging it.
  let fail: (error: unknown) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (fail = reject));
  crashed.catch(() => undefined); // seen by the test through orCrash
  const orCrash = <T>(waiting: Promise<T>) => Promise.race([waiting, crashed]);
  let plan: AclGrant[] = [];
  let names: TopicNames;
  let gate: Gate | undefined;
  const running: RunningAgent[] = [];

  beforeAll(async () => {
    await codec.registerAll();
    await kafkaAdmin.connect();
    names = await createSwarmTopics(
      admin,
      agents.map((agent) => agent.name),
    );
    plan = aclPlan(names, aclPrincipals(agents.map((agent) => agent.name)));
    await applyAcls(kafkaAdmin, plan);
    for (const agent of agents)
      running.push(await runAgent(as(agent.name), codec, names, agent, { onCrash: (error) => fail(error) }));
    gate = await startGate({
      bus: as('gate'),
      codec,
      names,
      composite: loadComposite(defaultPolicyPath),
      operatorKeys: testOperator().keys,
      onCrash: (error) => fail(error),
    });
  });

  afterAll(async () => {
    await gate?.stop();
    await Promise.all(running.map((agent) => agent.stop()));
    await Promise.all(buses.map((bus) => bus.close()));
    await kafkaAdmin.deleteAcls({ filters: aclEntries(plan) });
    const topics = topicSpecs(names, { partitions: 1, agents: agents.map((agent) => agent.name) });
    const existing = new Set(await kafkaAdmin.listTopics());
    const ours = [...new Set([...topics.map((spec) => spec.topic), checkpointsTopic(names)])].filter((t) =>
      existing.has(t),
    );
    await kafkaAdmin.deleteTopics({ topics: ours });
    await kafkaAdmin.disconnect();
    await admin.close();
    await db.close();
  });

  it('answers a customer request and scores a transaction; the projector projects every decision', async () => {
    const decisions = decisionLog(admin, codec, names.decisions);
    let projected = 0;
    let progressed: () => void = () => {};
    const schema = await freshSchema(db);
    const checkpoints: unknown[] = [];
    const projector: Projector = await startProjector({
      bus: as('projector'),
      codec,
      names,
      db,
      schema,
      checkpointKey: ed25519Keys().privateKey,
      onCheckpoint: (checkpoint) => checkpoints.push(checkpoint),
      onBatch: (batch) => {
        projected += batch.applied;
        progressed();
      },
      onCrash: (error) => fail(error),
    });
    try {
      // Given upstream, logged in as itself, posting a customer request and a transaction
      const upstream = as('upstream');
      const request = customerRequestIn('Should I move my savings into a fixed deposit?');
      const transaction = transactionIn();
      for (const { fields, payload } of [request, transaction]) {
        const envelope = await sealEnvelope(codec, fields, payload);
        await upstream.send([
          { topic: names.ingress, key: fields.correlationId, value: await encodeEnvelope(codec, envelope) },
        ]);
      }

      // Then the gate and the agents, each as its own principal, take both all the way through
      // (on a loaded machine the responder may answer at its deadline first: wait for every
      // contributor, not for the first answer; the customer's answer has no agent recipient:
      // NO_RECIPIENT, never DENIED)
      const contributors = ['channel-gateway', 'analyst', 'advisor', 'compliance', 'responder'];
      const senders = (trail: readonly { outcome: string; sender: string }[]) =>
        trail.filter((d) => d.outcome !== 'DENIED').map((d) => d.sender);
      const answer = await orCrash(
        decisions.workflow(
          request.fields.correlationId,
          (trail) => answered(trail) && contributors.every((c) => senders(trail).includes(c)),
        ),
      );
      expect(senders(answer)).toEqual(expect.arrayContaining(contributors));
      const scored = await orCrash(
        decisions.workflow(transaction.fields.correlationId, (trail) =>
          trail.some((d) => d.sender === 'fraud'),
        ),
      );
      expect(scored.find((d) => d.sender === 'fraud')?.outcome).toBe('DELIVERED');

      // And the projector, as its own principal, reads every decision and publishes its checkpoint
      const seen = decisions.all.length;
      await orCrash(
        new Promise<void>((resolve) => {
          progressed = () => projected >= seen && resolve();
          progressed();
        }),
      );
    } finally {
      await projector.stop();
      await decisions.stop();
    }
    expect(checkpoints.length).toBeGreaterThan(0);
  });
});
