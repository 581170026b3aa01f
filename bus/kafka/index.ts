import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { Bus, ConsumeOptions, OutgoingRecord, ReplayStart, TopicSpec, ConsumedRecord } from '../port.ts';
import { createKafka, type KafkaBusConfig } from './config.ts';
import { consumeFromKafka } from './consumer.ts';
import { byTopic } from './messages.ts';
import { replayFromKafka } from './replay.ts';
import { kafkaTransactionalProducer } from './transactions.ts';
import { retrying } from './retrying.ts';

export type { KafkaBusConfig } from './config.ts';

/** The bus on Apache Kafka: idempotent producer, transactional exactly-once, read_committed consumers. */
export class KafkaBus implements Bus {
  readonly kind = 'kafka';
  readonly kafka: Kafka;
  private readonly admin: Admin;
  private producer: Promise<Producer> | undefined;
  private readonly closers = new Set<() => Promise<void>>();

  constructor(config: KafkaBusConfig) {
    this.kafka = createKafka(config);
    this.admin = this.kafka.admin();
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    await this.connectAdmin();
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        configEntries: Object.entries({
          ...(spec.compacted ? { 'cleanup.policy': 'compact' } : {}),
          ...spec.config,
        }).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.producer ??= this.connectProducer();
    await (await this.producer).sendBatch({ topicMessages: byTopic(records), acks: -1 });
  }

  async transactionalProducer(transactionalId: string) {
    const producer = await kafkaTransactionalProducer(this.kafka, transactionalId);
    return this.track({ ...producer, close: () => producer.close() });
  }

  consume(options: ConsumeOptions) {
    const subscription = consumeFromKafka(this.kafka, options);
    return this.track({
      ready: subscription.ready,
      close: () => subscription.stop(),
      stop: () => subscription.stop(),
    });
  }

  async replay(topic: string, start: ReplayStart, handle: (record: ConsumedRecord) => Promise<void> | void) {
    await this.connectAdmin();
    return replayFromKafka(this.kafka, this.admin, topic, start, handle);
  }

  async endOffsets(topic: string) {
    await this.connectAdmin();
    // A topic created a moment ago may have no leader yet: NOT_LEADER is retriable.
    const offsets = await retrying(() => this.admin.fetchTopicOffsets(topic));
    return offsets.map(({ partition, high }) => ({ topic, partition, offset: high }));
  }

  async committedOffsets(groupId: string, topic: string) {
    await this.connectAdmin();
    // A group the broker has never seen may have no coordinator yet; kafkajs' admin does not retry that.
    const [committed] = await retrying(() => this.admin.fetchOffsets({ groupId, topics: [topic] }));
    return (committed?.partitions ?? [])
      .filter(({ offset }) => BigInt(offset) >= 0n)
      .map(({ partition, offset }) => ({ topic, partition, offset }));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.closers].map((close) => close()));
    if (this.producer) await (await this.producer).disconnect();
    await this.admin.disconnect();
  }

  private adminConnected: Promise<void> | undefined;
  private connectAdmin(): Promise<void> {
    this.adminConnected ??= this.admin.connect();
    return this.adminConnected;
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    return producer;
  }

  // Everything opened through the bus is closed with it, once.
  private track<T extends { close: () => Promise<void> }>(resource: T): T {
    const close = async () => {
      this.closers.delete(close);
      await resource.close();
    };
    this.closers.add(close);
    return { ...resource, close, stop: close };
  }
}
