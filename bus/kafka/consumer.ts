import type { EachBatchPayload, Kafka } from 'kafkajs';
import { isRetriable } from '../../schemas/errors.ts';
import type { ConsumeOptions, RecordBatch, Subscription, TopicPartition } from '../port.ts';
import { lowLatencyConsumer } from './config.ts';
import { coPartitionedAssigner } from './copartitioned-assigner.ts';
import { fromKafkaMessage } from './messages.ts';

// A commit refused because the group is rebalancing is not a failure of the batch: kafkajs
// rejoins and redelivers from the last committed offset, which every handler here tolerates.
const groupChurn = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
]);
// kafkajs sometimes wraps the protocol error; its type is then on the cause.
const isGroupChurn = (error: unknown): boolean => {
  const { type, cause } = (error ?? {}) as { type?: unknown; cause?: { type?: unknown } };
  return groupChurn.has(String(type)) || groupChurn.has(String(cause?.type));
};

const heartbeatEveryMs = lowLatencyConsumer.heartbeatInterval;

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/**
 * A handler may outlast the session timeout (a slow model call, a large batch); without a
 * heartbeat meanwhile the coordinator drops the member and the batch is handled twice.
 */
async function whileHeartbeating(payload: EachBatchPayload, work: () => Promise<void>): Promise<void> {
  // A failed heartbeat means a rebalance: the commit after the work finds out and redelivers.
  const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), heartbeatEveryMs);
  try {
    await work();
  } finally {
    clearInterval(beat);
  }
}

/** Runs a group consumer: batches per partition, offsets committed only after the effect. */
export function consumeFromKafka(kafka: Kafka, options: ConsumeOptions): Subscription {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    ...lowLatencyConsumer,
    ...(options.copartitioned ? { partitionAssigners: [coPartitionedAssigner] } : {}),
  });
  const onCrash =
    options.onCrash ?? ((error: unknown) => console.error(`consumer ${options.groupId} stopped:`, error));
  let joined: () => void = () => {};
  const ready = new Promise<void>((resolve) => (joined = resolve));
  // kafkajs emits GROUP_JOIN synchronously after the sync and before its first fetch of the new
  // assignment, so every batch of that assignment waits for `assigned`.
  let assigned: Promise<void> = Promise.resolve();
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const partitions: TopicPartition[] = Object.entries(payload.memberAssignment).flatMap(([topic, ids]) =>
      ids.map((partition) => ({ topic, partition })),
    );
    assigned = assigned.catch(() => undefined).then(() => options.onAssigned?.(partitions));
    joined();
  });
  // kafkajs restarts itself after a retriable crash; any other crash stops it, so say so.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) onCrash(payload.error);
  });

  const eachBatch = async (payload: EachBatchPayload) => {
    const { batch } = payload;
    if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
    await assigned;
    const records = batch.messages.map((message) => fromKafkaMessage(batch.topic, batch.partition, message));
    const recordBatch: RecordBatch = { topic: batch.topic, partition: batch.partition, records };
    await whileHeartbeating(payload, () => options.handle(recordBatch));
    const next = nextOffset(batch.lastOffset());
    if (options.commit === 'after-handle') {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    }
    // Moves kafkajs' fetch position past the batch; the committed offset is what survives a crash.
    payload.resolveOffset(batch.lastOffset());
    await payload.heartbeat();
  };

  const start = async (): Promise<void> => {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        try {
          await eachBatch(payload);
        } catch (error) {
          if (isRetriable(error) || isGroupChurn(error)) throw error; // kafkajs redelivers from the last commit
          onCrash(error);
          void consumer.stop();
        }
      },
    });
  };
  const started = start();
  started.catch(onCrash);
  return {
    ready: started.then(() => ready),
    stop: async () => {
      await started.catch(() => undefined);
      await consumer.disconnect();
    },
  };
}
