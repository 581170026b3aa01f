import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

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
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [names.registry, names.control, names.decisions, names.gateState].map((name) => ({
          type: 2,
          name,
        })),
      });
      const policy = Object.fromEntries(
        configs.resources.map((r) => [
          r.resourceName,
          r.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue,
        ]),
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
      const decisions = configs.resources.find((r) => r.resourceName === names.decisions)!.configEntries;
      const setting = (name: string) => decisions.find((e) => e.configName === name)?.configValue;
      expect(['retention.ms', 'retention.bytes', 'min.insync.replicas'].map(setting)).toEqual([
        '-1',
        '-1',
        '1',
      ]);
      // what the gate decides is stamped by the broker: rate windows count arrival times
      const stamped = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [names.ingress, names.proposed, names.decisions].map((name) => ({ type: 2, name })),
      });
      const timestampType = Object.fromEntries(
        stamped.resources.map((r) => [
          r.resourceName,
          r.configEntries.find((e) => e.configName === 'message.timestamp.type')?.configValue,
        ]),
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
