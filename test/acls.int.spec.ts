// The broker enforces `swarmgate acls`: on the local broker (SASL/SCRAM, StandardAuthorizer,
// allow.everyone.if.no.acl.found=false) each component principal can do its job and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, SASLOptions } from 'kafkajs';
import { agentGroupId } from '../agents/runtime/index.ts';
import { createKafka } from '../bus/kafka/config.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { runExactlyOnce } from '../bus/processor.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { aclEntries, aclPlan, aclPrincipals, applyAcls } from '../cli/acls.ts';
import { isRetriable } from '../schemas/errors.ts';
import { collect } from './support/collect.ts';
import { localCredentialsFile, localLogin } from './support/kafka-credentials.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

const agents = ['fraud', 'analyst'];
const names = topicNames(`${uniqueName('acls')}.`);
const plan = aclPlan(names, aclPrincipals(agents));

const kafkaAs = (sasl: SASLOptions): Kafka =>
  createKafka({
    brokers: services.brokers,
    clientId: `acls-${sasl.mechanism}`,
    client: { sasl, retry: { retries: 0 } },
  });

/** The Kafka error code a call was refused with (kafkajs wraps some in a non-retriable error). */
async function refusal(call: Promise<unknown>): Promise<string> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { type?: string; cause?: { type?: string }; name?: string } | undefined;
  if (!error) throw new Error('the call succeeded; expected the broker to refuse it');
  return error.type ?? error.cause?.type ?? error.name ?? 'unknown error';
}

async function produce(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: 'wf-acl', value: 'probe' }] });
  } finally {
    await producer.disconnect();
  }
}

describe('Kafka ACLs enforced by the broker', () => {
  const admin = new KafkaBus({ brokers: services.brokers, clientId: 'acls-admin' });
  const kafkaAdmin = admin.kafka.admin();

  beforeAll(async () => {
    if (!process.env.KAFKA_SASL_MECHANISM)
      throw new Error(
        `these tests need the local broker with SASL and the authorizer (infra/up.sh; users in ${localCredentialsFile()})`,
      );
    await admin.createTopics(topicSpecs(names, { partitions: 1, agents }));
    await kafkaAdmin.connect();
    await applyAcls(kafkaAdmin, plan);
    await applyAcls(kafkaAdmin, plan); // idempotent
  });

  afterAll(async () => {
    await kafkaAdmin.deleteAcls({ filters: aclEntries(plan) });
    await kafkaAdmin.deleteTopics({
      topics: topicSpecs(names, { partitions: 1, agents }).map((s) => s.topic),
    });
    await kafkaAdmin.disconnect();
    await admin.close();
  });

  describe('an agent principal (fraud)', () => {
    const fraud = () => kafkaAs(localLogin('fraud'));

    it('cannot write another agent’s inbox, sg.decisions, sg.control, the gate’s own topics or another’s dead letters', async () => {
      expect(await refusal(produce(fraud(), names.inbox('analyst')))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(produce(fraud(), names.decisions))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(produce(fraud(), names.control))).toBe('TOPIC_AUTHORIZATION_FAILED');
      // The rate counts a repartition record carries are trusted because only the gate writes them.
      expect(await refusal(produce(fraud(), names.gateRepartition))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(produce(fraud(), names.gateState))).toBe('TOPIC_AUTHORIZATION_FAILED');
      // A dead letter's topic names its writer: none can be forged in the gate's or another agent's name.
      expect(await refusal(produce(fraud(), names.dlq))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(produce(fraud(), names.agentDlq('analyst')))).toBe('TOPIC_AUTHORIZATION_FAILED');
      await produce(fraud(), names.agentDlq('fraud'));
    });

    it('cannot read another agent’s inbox, even in its own consumer group', async () => {
      const consumer = fraud().consumer({ groupId: agentGroupId(names, 'fraud') });
      await consumer.connect();
      try {
        expect(await refusal(consumer.subscribe({ topics: [names.inbox('analyst')] }))).toBe(
          'TOPIC_AUTHORIZATION_FAILED',
        );
      } finally {
        await consumer.disconnect();
      }
      const analystGroup = fraud().consumer({ groupId: agentGroupId(names, 'analyst') });
      await analystGroup.connect();
      try {
        expect(await refusal(analystGroup.subscribe({ topics: [names.inbox('analyst')] }))).toBe(
          'TOPIC_AUTHORIZATION_FAILED',
        );
      } finally {
        await analystGroup.disconnect();
      }
    });

    it('reads its own inbox and proposes to sg.proposed exactly once, as the agent runtime does', async () => {
      const proposed = collect(admin, uniqueName('acls-proposed'), [names.proposed]);
      await proposed.subscription.ready;
      const bus = new KafkaBus({
        brokers: services.brokers,
        clientId: 'acls-fraud',
        client: { sasl: localLogin('fraud') },
      });
      const group = agentGroupId(names, 'fraud');
      const agent = runExactlyOnce({
        bus,
        groupId: group,
        topics: [names.inbox('fraud')],
        transactionalIdPrefix: group,
        fromBeginning: true,
        process: (batch) =>
          Promise.resolve(
            batch.records.map((record) => ({ topic: names.proposed, key: record.key, value: record.value })),
          ),
      });
      try {
        await agent.ready;
        await admin.send([
          { topic: names.inbox('fraud'), key: Buffer.from('wf-1'), value: Buffer.from('score me') },
        ]);
        const [record] = await proposed.until((records) => records.length > 0);
        expect(record?.value?.toString()).toBe('score me');
      } finally {
        await agent.stop();
        await bus.close();
        await proposed.stop();
      }
    });
  });

  describe('the upstream principal', () => {
    const upstream = () => kafkaAs(localLogin('upstream'));

    it('cannot write sg.proposed or the gate’s repartition topic', async () => {
      expect(await refusal(produce(upstream(), names.proposed))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(produce(upstream(), names.gateRepartition))).toBe('TOPIC_AUTHORIZATION_FAILED');
    });

    it('writes sg.ingress with an idempotent producer', async () => {
      const bus = new KafkaBus({ brokers: services.brokers, client: { sasl: localLogin('upstream') } });
      try {
        await bus.send([{ topic: names.ingress, key: Buffer.from('wf-2'), value: Buffer.from('posted') }]);
        const [end] = await admin.endOffsets(names.ingress);
        expect(end?.offset).toBe('1');
      } finally {
        await bus.close();
      }
    });
  });

  describe('the operator principal', () => {
    const operator = () => kafkaAs(localLogin('operator'));

    it('writes kill switches on sg.control, but cannot propose: a human decision goes through the API', async () => {
      await produce(operator(), names.control);
      expect(await refusal(produce(operator(), names.proposed))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(produce(operator(), names.decisions))).toBe('TOPIC_AUTHORIZATION_FAILED');
    });
  });

  it('refuses a wrong password', async () => {
    const wrong = { ...localLogin('fraud'), password: 'not-the-password' } as SASLOptions;
    // The SASL error keeps the broker's refusal as its cause (patches/): a refused login, never retried.
    const failed = await produce(kafkaAs(wrong), names.proposed).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    expect((failed as { cause?: { type?: string } }).cause?.type).toBe('SASL_AUTHENTICATION_FAILED');
    expect(isRetriable(failed)).toBe(false);
  });
});
