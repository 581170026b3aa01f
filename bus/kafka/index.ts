import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { Bus, ConsumeOptions, OutgoingRecord, ReplayStart, TopicSpec, ConsumedRecord } from '../port.ts';
import { createKafka, type KafkaBusConfig } from './config.ts';
import { consumeFromKafka } from './consumer.ts';
import { byTopic } from './messages.ts';
import { replayFromKafka } from './replay.ts';
import { kafkaTransactionalProducer } from './transactions.ts';
import { isRetriable } from '../../schemas/errors.ts';
import { BusHealth } from '../health.ts';
import { retrying, type RetryOptions } from '../retry.ts';

export type { KafkaBusConfig } from './config.ts';

/** Admin reads kafkajs does not retry itself (no coordinator yet, a leader being elected). */
const adminRetries: RetryOptions = { attempts: 8 };
const producerSource = 'producer';
/** Ends a reconnect loop: nothing is retried once the bus is closed. */
const closedBus = Object.assign(new Error('the bus is closed'), { retriable: false });

/** The bus on Apache Kafka: idempotent producer, transactional exactly-once, read_committed consumers. */
export class KafkaBus implements Bus {
  readonly kind = 'kafka';
  readonly health = new BusHealth();
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
      // kafkajs' own wait retries only LEADER_NOT_AVAILABLE, and a busy broker may still answer
      // UNKNOWN_TOPIC_OR_PARTITION for a topic it just created (which then escapes as an
      // unhandled rejection): wait here instead, retrying both.
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        ...(spec.replicationFactor ? { replicationFactor: spec.replicationFactor } : {}),
        configEntries: Object.entries({
          ...(spec.compacted ? { 'cleanup.policy': 'compact' } : {}),
          ...spec.config,
        }).map(([name, value]) => ({ name, value })),
      })),
    });
    const topics = missing.map(({ topic }) => topic);
    await retrying(async () => {
      const { topics: described } = await this.admin.fetchTopicMetadata({ topics });
      const leaderless = described.filter((t) => t.partitions.some((p) => p.leader < 0));
      if (leaderless.length > 0)
        throw Object.assign(new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`), {
          retriable: true,
        });
    }, adminRetries);
  }

  /**
   * A failed send fails its caller (the API answers 503), and the producer is replaced: one that
   * never connected, or whose retries ran out while the brokers were down, would otherwise fail
   * every later send too. Until a new one connects the bus reports itself degraded.
   */
  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = (this.producer ??= this.connectProducer());
    try {
      await (await producer).sendBatch({ topicMessages: byTopic(records), acks: -1 });
    } catch (error) {
      if (isRetriable(error)) this.replaceProducer(producer, error);
      throw error;
    }
  }

  private replaceProducer(broken: Promise<Producer>, error: unknown): void {
    if (this.producer !== broken || this.closed) return;
    this.health.degrade(producerSource, error);
    void broken.then((producer) => producer.disconnect()).catch(() => undefined);
    const next = retrying(() => (this.closed ? Promise.reject(closedBus) : this.connectProducer()), {
      onRetry: (failure) => this.health.degrade(producerSource, failure),
    });
    this.producer = next;
    void next.then(
      () => this.health.recover(producerSource),
      () => undefined,
    );
  }

  async transactionalProducer(transactionalId: string) {
    const producer = await kafkaTransactionalProducer(this.kafka, transactionalId);
    return this.track({ ...producer, close: () => producer.close() });
  }

  consume(options: ConsumeOptions) {
    const subscription = consumeFromKafka(this.kafka, options, this.health);
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
    const offsets = await retrying(() => this.admin.fetchTopicOffsets(topic), adminRetries);
    return offsets.map(({ partition, high }) => ({ topic, partition, offset: high }));
  }

  async committedOffsets(groupId: string, topic: string) {
    await this.connectAdmin();
    // A group the broker has never seen may have no coordinator yet; kafkajs' admin does not retry that.
    const [committed] = await retrying(
      () => this.admin.fetchOffsets({ groupId, topics: [topic] }),
      adminRetries,
    );
    return (committed?.partitions ?? [])
      .filter(({ offset }) => BigInt(offset) >= 0n)
      .map(({ partition, offset }) => ({ topic, partition, offset }));
  }

  private closed = false;
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.closers].map((close) => close()));
    if (this.producer) await (await this.producer.catch(() => undefined))?.disconnect();
    await this.admin.disconnect();
  }

  private adminConnected: Promise<void> | undefined;
  /** A connect that failed (the brokers were down) is tried again by the next call, not cached. */
  private connectAdmin(): Promise<void> {
    const connecting = (this.adminConnected ??= this.admin.connect());
    connecting.catch(() => {
      if (this.adminConnected === connecting) this.adminConnected = undefined;
    });
    return connecting;
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
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
