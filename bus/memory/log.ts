import { Partitioners } from 'kafkajs';
import { partitionOfKey } from '../partition.ts';
import type { ConsumedRecord, OutgoingRecord, TopicSpec } from '../port.ts';
import { DiskLog, type DiskLogOptions, type GroupOffset } from './disk-log.ts';

export type { GroupOffset };

interface Topic {
  readonly spec: TopicSpec;
  readonly partitions: ConsumedRecord[][];
}

function toBuffer(value: string | Buffer): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value);
}

const offsetKey = (groupId: string, topic: string, partition: number) =>
  `${groupId}\u0000${topic}\u0000${partition}`;

/**
 * The in-process log: topics of partitions of records, keyed partitioning with Kafka's own
 * murmur2 partitioner (a key lands on the same partition as it would on Kafka), offsets, and
 * committed group offsets. Consumers wait on `changed()` instead of polling.
 *
 * In memory only, or, given a directory, also on disk (disk-log.ts): every append and commit is
 * written there before it becomes visible, and a log opened on the directory again starts with
 * everything committed in it.
 */
export class MemoryLog {
  private readonly topics = new Map<string, Topic>();
  private readonly committed = new Map<string, bigint>();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly disk: DiskLog | undefined;
  private waiters: (() => void)[] = [];

  constructor(persistence?: DiskLogOptions) {
    if (!persistence) return;
    const { disk, loaded } = DiskLog.open(persistence);
    this.disk = disk;
    for (const topic of loaded.topics) this.topics.set(topic.spec.topic, topic);
    for (const o of loaded.offsets) this.committed.set(offsetKey(o.groupId, o.topic, o.partition), o.offset);
  }

  /** Where the log is kept on disk, if it is. */
  get dir(): string | undefined {
    return this.disk?.dir;
  }

  createTopic(spec: TopicSpec): void {
    if (this.topics.has(spec.topic)) return;
    this.disk?.createTopic(spec);
    const partitions = Array.from({ length: spec.partitions }, () => [] as ConsumedRecord[]);
    this.topics.set(spec.topic, { spec, partitions });
  }

  topic(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new Error(`topic ${name} does not exist`);
    return topic;
  }

  /**
   * Appends records and commits group offsets atomically (all or none visible, on disk too) and
   * wakes every waiting consumer.
   */
  append(records: readonly OutgoingRecord[], now = Date.now(), offsets: readonly GroupOffset[] = []): void {
    const ends = new Map<ConsumedRecord[], number>();
    const placed = records.map((record): ConsumedRecord => {
      const partition = this.partitionFor(record);
      const log = this.topic(record.topic).partitions[partition]!;
      const offset = ends.get(log) ?? log.length;
      ends.set(log, offset + 1);
      return {
        topic: record.topic,
        partition,
        offset: String(offset),
        timestamp: record.timestamp ?? now,
        key: record.key == null ? null : toBuffer(record.key),
        value: record.value,
        headers: Object.fromEntries(Object.entries(record.headers ?? {}).map(([k, v]) => [k, toBuffer(v)])),
      };
    });
    if (placed.length > 0 || offsets.length > 0) this.disk?.write(placed, offsets);
    for (const record of placed) this.topic(record.topic).partitions[record.partition]!.push(record);
    for (const o of offsets) this.committed.set(offsetKey(o.groupId, o.topic, o.partition), o.offset);
    this.notify();
  }

  read(topic: string, partition: number, from: bigint, max: number): ConsumedRecord[] {
    return this.topic(topic).partitions[partition]!.slice(Number(from), Number(from) + max);
  }

  endOffset(topic: string, partition: number): bigint {
    return BigInt(this.topic(topic).partitions[partition]!.length);
  }

  committedOffset(groupId: string, topic: string, partition: number): bigint | undefined {
    return this.committed.get(offsetKey(groupId, topic, partition));
  }

  commit(groupId: string, topic: string, partition: number, offset: bigint): void {
    this.disk?.write([], [{ groupId, topic, partition, offset }]);
    this.committed.set(offsetKey(groupId, topic, partition), offset);
  }

  /** Closes the files of a log kept on disk and lets another process open its directory. */
  close(): void {
    this.disk?.close();
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
