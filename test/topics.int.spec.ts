import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

/** One setting of each topic, as the broker reports it. */
async function settingOf(admin: Admin, topics: readonly string[], setting: string) {
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  return Object.fromEntries(
    configs.resources.map((r) => [
      r.resourceName,
      r.configEntries.find((e) => e.configName === setting)?.configValue,
    ]),
  );
}

describe('swarmgate topics on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  afterAll(() => bus.close());

  it('creates every topic idempotently, with partition counts and compaction as configured', async () => {
    const names = topicNames(`${uniqueName('install')}.`);
    const specs = topicSpecs(names, { partitions: 4, agents: ['fraud', 'advisor'], minInsyncReplicas: 1 });

    await bus.createTopics(specs);
    await bus.createTopics(specs);

    const admin = bus.kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
      const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual(Object.fromEntries(specs.map((s) => [s.topic, s.partitions])));
      expect(partitions[names.inbox('fraud')]).toBe(4);
      const policy = await settingOf(
        admin,
        [names.registry, names.control, names.decisions, names.gateState],
        'cleanup.policy',
      );
      expect(policy).toEqual({
        [names.registry]: 'delete',
        [names.control]: 'delete',
        [names.decisions]: 'delete',
        // the gate's state: the latest value per key is all a restore needs
        [names.gateState]: 'compact',
      });
      expect(partitions[names.gateState]).toBe(4);
      expect(partitions[names.gateRepartition]).toBe(4);
      // the decisions are the audit trail: kept forever, whatever the broker's default
      const setting = async (name: string) =>
        (await settingOf(admin, [names.decisions], name))[names.decisions];
      expect(
        await Promise.all(['retention.ms', 'retention.bytes', 'min.insync.replicas'].map(setting)),
      ).toEqual(['-1', '-1', '1']);
      // what the gate decides is stamped by the broker: rate windows count arrival times
      const timestampType = await settingOf(
        admin,
        [names.ingress, names.proposed, names.decisions],
        'message.timestamp.type',
      );
      expect(timestampType).toEqual({
        [names.ingress]: 'LogAppendTime',
        [names.proposed]: 'LogAppendTime',
        [names.decisions]: 'CreateTime',
      });
    } finally {
      await admin.disconnect();
    }
  });
});
