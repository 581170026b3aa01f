import type { Bus, OutgoingRecord, RecordBatch, Subscription, TransactionalProducer } from './port.ts';
import { isFenced, PartitionMovedError } from './fencing.ts';
import { inBatchSpan } from './tracing.ts';

/** What a batch produces, and what to do once that is committed (e.g. update in-memory state). */
export interface Produced {
  readonly records: readonly OutgoingRecord[];
  readonly afterCommit?: () => void;
}

export interface ExactlyOnceOptions {
  readonly bus: Bus;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Prefix of the transactional ids; one id per input partition fences zombies across rebalances. */
  readonly transactionalIdPrefix: string;
  /** The records to append for a batch; they become visible with the batch's offsets, or not at all. */
  readonly process: (batch: RecordBatch) => Promise<readonly OutgoingRecord[] | Produced>;
  readonly onCrash?: (error: unknown) => void;
  readonly fromBeginning?: boolean;
}

/**
 * Consume → process → produce as one Kafka transaction per batch: outputs and the consumer
 * offset commit together, so a crash at any point neither loses nor duplicates an output.
 */
export function runExactlyOnce(options: ExactlyOnceOptions): Subscription {
  const producers = new Map<string, Promise<TransactionalProducer>>();
  const idOf = (topic: string, partition: number) => `${options.transactionalIdPrefix}.${topic}.${partition}`;
  const dropProducer = async (topic: string, partition: number) => {
    const producer = producers.get(idOf(topic, partition));
    producers.delete(idOf(topic, partition));
    await producer?.then((p) => p.close()).catch(() => undefined);
  };
  const producerFor = (topic: string, partition: number) => {
    const id = idOf(topic, partition);
    let producer = producers.get(id);
    if (!producer) {
      producer = options.bus.transactionalProducer(id);
      producers.set(id, producer);
    }
    return producer;
  };

  const transact = async (batch: RecordBatch, committed: (outputs: number, from: number) => void) => {
    const producer = await producerFor(batch.topic, batch.partition);
    const tx = await producer.transaction();
    let produced: Produced;
    try {
      const result = await options.process(batch);
      produced = Array.isArray(result) ? { records: result } : (result as Produced);
      const processed = performance.now();
      await tx.send(produced.records);
      const last = batch.records[batch.records.length - 1]!;
      await tx.sendOffsets(options.groupId, [
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await tx.commit();
      committed(produced.records.length, processed);
    } catch (error) {
      await tx.abort().catch(() => undefined);
      if (!isFenced(error)) throw error;
      // The partition moved to another member of the group, whose producer fenced this one: drop
      // it, so the next batch of this partition here (if it comes back) opens a fresh producer.
      await dropProducer(batch.topic, batch.partition);
      throw new PartitionMovedError(batch.partition, { cause: error });
    }
    produced.afterCommit?.();
  };

  const subscription = options.bus.consume({
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: options.fromBeginning,
    commit: 'by-handler',
    onCrash: options.onCrash,
    handle: (batch) => inBatchSpan(options.groupId, batch, (committed) => transact(batch, committed)),
  });

  return {
    ready: subscription.ready,
    stop: async () => {
      await subscription.stop();
      const closing = [...producers.values()].map(async (producer) => (await producer).close());
      await Promise.allSettled(closing);
    },
  };
}
