import { Partitioners } from 'kafkajs';
import { partitionOfKey } from '../partition.ts';
import type { ConsumedRecord, OutgoingRecord, TopicSpec } from '../port.ts';

interface Topic {
  readonly spec: TopicSpec;
  readonly partitions: ConsumedRecord[][];
}

function toBuffer(value: string | Buffer): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value);
}

/**
 * The in-process log: topics of partitions of records, keyed partitioning with Kafka's own
 * murmur2 partitioner (a key lands on the same partition as it would on Kafka), offsets, and
 * committed group offsets. Consumers wait on `changed()` instead of polling.
 */
export class MemoryLog {
  private readonly topics = new Map<string, Topic>();
  private readonly committed = new Map<string, bigint>();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private waiters: (() => void)[] = [];

  createTopic(spec: TopicSpec): void {
    if (this.topics.has(spec.topic)) return;
    const partitions = Array.from({ length: spec.partitions }, () => [] as ConsumedRecord[]);
    this.topics.set(spec.topic, { spec, partitions });
  }

  topic(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new Error(`topic ${name} does not exist`);
    return topic;
  }

  /** Appends records atomically (all or none visible) and wakes every waiting consumer. */
  append(records: readonly OutgoingRecord[], now = Date.now()): void {
    const placed = records.map((record) => ({ record, partition: this.partitionFor(record) }));
    for (const { record, partition } of placed) {
      const log = this.topic(record.topic).partitions[partition]!;
      log.push({
        topic: record.topic,
        partition,
        offset: String(log.length),
        timestamp: record.timestamp ?? now,
        key: record.key == null ? null : toBuffer(record.key),
        value: record.value,
        headers: Object.fromEntries(Object.entries(record.headers ?? {}).map(([k, v]) => [k, toBuffer(v)])),
      });
    }
    this.notify();
  }

  read(topic: string, partition: number, from: bigint, max: number): ConsumedRecord[] {
    return this.topic(topic).partitions[partition]!.slice(Number(from), Number(from) + max);
  }

  endOffset(topic: string, partition: number): bigint {
    return BigInt(this.topic(topic).partitions[partition]!.length);
  }

  committedOffset(groupId: string, topic: string, partition: number): bigint | undefined {
    return this.committed.get(`${groupId}\u0000${topic}\u0000${partition}`);
  }

  commit(groupId: string, topic: string, partition: number, offset: bigint): void {
    this.committed.set(`${groupId}\u0000${topic}\u0000${partition}`, offset);
  }

  /** Resolves on the next append, commit or group change. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private partitionFor(record: OutgoingRecord): number {
    const topic = this.topic(record.topic);
    if (record.partition !== undefined) return record.partition;
    if (record.key != null) return partitionOfKey(record.key, topic.partitions.length);
    // Keyless records spread round-robin, as kafkajs does.
    const partitionMetadata = topic.partitions.map((_, partitionId) => ({ partitionId, leader: 0 }));
    return this.partitioner({
      topic: record.topic,
      partitionMetadata: partitionMetadata as never,
      message: { key: record.key ?? null, value: record.value },
    });
  }
}
