import type {
  Bus,
  ConsumeOptions,
  ConsumedRecord,
  OffsetCommit,
  OutgoingRecord,
  ReplayStart,
  Subscription,
  TopicSpec,
  Transaction,
  TransactionalProducer,
} from '../port.ts';
import { ProducerFencedError } from '../../schemas/errors.ts';
import { BusHealth } from '../health.ts';
import { consumeFromMemory } from './consumer.ts';
import { MemoryGroup } from './group.ts';
import { MemoryLog } from './log.ts';

export { ProducerFencedError };

export interface MemoryBusOptions {
  /**
   * Keep the log in this directory (bus/memory/disk-log.ts) and start from what it holds: records,
   * offsets and committed group offsets outlive the process. In memory only when absent.
   */
  readonly dataDir?: string;
  /** With dataDir: fsync every append and commit, so they also outlive a machine crash. */
  readonly fsync?: boolean;
  /** With dataDir: the size at which a partition's segment file is rolled. */
  readonly segmentBytes?: number;
}

/** The bus in one process: Kafka's semantics (partitions, offsets, groups, transactions, replay). */
export class MemoryBus implements Bus {
  readonly kind = 'memory';
  readonly health = new BusHealth();
  readonly log: MemoryLog;
  private readonly groups = new Map<string, MemoryGroup>();
  private readonly epochs = new Map<string, number>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: MemoryBusOptions = {}) {
    const { dataDir, fsync, segmentBytes } = options;
    this.log = new MemoryLog(dataDir === undefined ? undefined : { dir: dataDir, fsync, segmentBytes });
  }

  createTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) this.log.createTopic(spec);
    return Promise.resolve();
  }

  send(records: readonly OutgoingRecord[]): Promise<void> {
    this.log.append(records);
    return Promise.resolve();
  }

  transactionalProducer(transactionalId: string): Promise<TransactionalProducer> {
    const epoch = (this.epochs.get(transactionalId) ?? 0) + 1;
    this.epochs.set(transactionalId, epoch);
    const fenced = () => this.epochs.get(transactionalId) !== epoch;
    return Promise.resolve({
      transaction: () => Promise.resolve(this.transaction(transactionalId, fenced)),
      close: () => Promise.resolve(),
    });
  }

  consume(options: ConsumeOptions): Subscription {
    const key = options.groupId;
    const group = this.groups.get(key) ?? new MemoryGroup(this.log, options.topics, options.copartitioned);
    this.groups.set(key, group);
    const subscription = consumeFromMemory(this.log, group, options, this.health);
    this.subscriptions.add(subscription);
    return {
      ready: subscription.ready,
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async replay(topic: string, start: ReplayStart, handle: (record: ConsumedRecord) => Promise<void> | void) {
    let count = 0;
    const { partitions } = this.log.topic(topic);
    const wanted = (partition: number) => start.partitions?.includes(partition) ?? true;
    for (const records of partitions.filter((_, p) => wanted(p)).map((records) => records.slice())) {
      for (const record of records) {
        const before =
          'offset' in start
            ? BigInt(record.offset) < BigInt(start.offset)
            : record.timestamp < start.timestamp;
        if (before) continue;
        await handle(record);
        count += 1;
      }
    }
    return count;
  }

  endOffsets(topic: string): Promise<readonly OffsetCommit[]> {
    const { partitions } = this.log.topic(topic);
    return Promise.resolve(
      partitions.map((records, partition) => ({ topic, partition, offset: String(records.length) })),
    );
  }

  committedOffsets(groupId: string, topic: string): Promise<readonly OffsetCommit[]> {
    const { partitions } = this.log.topic(topic);
    const committed = partitions.flatMap((_, partition) => {
      const offset = this.log.committedOffset(groupId, topic, partition);
      return offset === undefined ? [] : [{ topic, partition, offset: offset.toString() }];
    });
    return Promise.resolve(committed);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    this.log.close();
  }

  // Records and offsets are buffered and applied together on commit: read_committed by construction.
  private transaction(transactionalId: string, fenced: () => boolean): Transaction {
    const records: OutgoingRecord[] = [];
    const offsets: { groupId: string; offset: OffsetCommit }[] = [];
    let open = true;
    const ensureOpen = () => {
      if (!open) throw new Error('transaction already ended');
      if (fenced()) throw new ProducerFencedError(transactionalId);
    };
    return {
      send: async (batch) => {
        ensureOpen();
        records.push(...batch);
      },
      sendOffsets: async (groupId, commits) => {
        ensureOpen();
        offsets.push(...commits.map((offset) => ({ groupId, offset })));
      },
      commit: async () => {
        ensureOpen();
        open = false;
        this.log.append(
          records,
          Date.now(),
          offsets.map(({ groupId, offset }) => ({
            groupId,
            topic: offset.topic,
            partition: offset.partition,
            offset: BigInt(offset.offset),
          })),
        );
      },
      abort: async () => {
        open = false;
      },
    };
  }
}
