import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { isRetriable } from '../../schemas/errors.ts';
import type { BusHealth } from '../health.ts';
import type { ConsumeOptions, RecordBatch, Subscription, TopicPartition } from '../port.ts';
import { backoffDelay, sleepUnless } from '../retry.ts';
import { clientRetry, lowLatencyConsumer } from './config.ts';
import { coPartitionedAssigner } from './copartitioned-assigner.ts';
import { fromKafkaMessage } from './messages.ts';

// A commit refused because the group is rebalancing is not a failure of the batch: kafkajs
// rejoins and redelivers from the last committed offset, which every handler here tolerates.
// The types are kafkajs' names of the protocol errors.
const groupChurn = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
]);

/**
 * The protocol error of a group change, when that is what failed. kafkajs' retrier wraps it (a
 * KafkaJSNonRetriableError whose cause has the type), and then kafkajs neither rejoins on it nor
 * calls it retriable: a member dropped while the brokers were away would stop consuming for good.
 */
export function groupChurnOf(error: unknown): Error | undefined {
  const { type, cause } = (error ?? {}) as { type?: unknown; cause?: unknown };
  if (groupChurn.has(String(type))) return error as Error;
  const inner = (cause ?? {}) as { type?: unknown };
  return groupChurn.has(String(inner.type)) ? (cause as Error) : undefined;
}

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

/**
 * Runs a group consumer: batches per partition, offsets committed only after the effect. It is
 * supervised here, not by kafkajs (whose restarts end when its retries do, and then wait up to
 * its longest backoff): a retriable failure — of the handler, of the fetch loop, of joining —
 * stops this kafkajs consumer, marks the bus degraded, and starts a fresh one after a bounded,
 * jittered delay, for as long as it takes; the first join afterwards marks it recovered. Only a
 * failure that is not retriable reaches `onCrash`.
 */
export function consumeFromKafka(kafka: Kafka, options: ConsumeOptions, health: BusHealth): Subscription {
  const source = `consumer ${options.groupId}`;
  const onCrash =
    options.onCrash ?? ((error: unknown) => console.error(`consumer ${options.groupId} stopped:`, error));
  let stopped = false;
  const stopping = new AbortController();
  let failures = 0;
  let current: Consumer | undefined;
  let supervising = Promise.resolve();
  // The batches being handled: stopping waits for them, so their effects and commits are not cut off.
  const inFlight = new Set<Promise<void>>();
  const track = (handling: Promise<void>) => {
    const settled = handling.catch(() => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
  };
  let joined: () => void = () => {};
  let refused: (error: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    joined = resolve;
    refused = reject;
  });
  ready.catch(() => undefined); // the crash is reported through onCrash; `ready` only tells who awaits it

  const run = async (): Promise<void> => {
    const consumer = kafka.consumer({
      groupId: options.groupId,
      ...lowLatencyConsumer,
      retry: { ...clientRetry, restartOnFailure: () => Promise.resolve(false) },
      ...(options.copartitioned ? { partitionAssigners: [coPartitionedAssigner] } : {}),
    });
    current = consumer;
    let halted = false;
    // Called once per kafkajs consumer: what stops it decides what comes next.
    const halt = (error: unknown) => {
      if (halted || stopped) return;
      halted = true;
      supervising = supervising.then(async () => {
        await consumer.disconnect().catch(() => undefined);
        if (stopped) return;
        // A group change kafkajs gave up on: a fresh consumer joins again from the last commit.
        if (!isRetriable(error) && !groupChurnOf(error)) {
          refused(error);
          return onCrash(error);
        }
        health.degrade(source, error);
        await sleepUnless(backoffDelay(failures++), stopping.signal);
        if (!stopped) await run();
      });
    };
    // kafkajs emits GROUP_JOIN synchronously after the sync and before its first fetch of the new
    // assignment, so every batch of that assignment waits for `assigned`.
    let assigned: Promise<void> = Promise.resolve();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      failures = 0;
      health.recover(source);
      const partitions: TopicPartition[] = Object.entries(payload.memberAssignment).flatMap(([topic, ids]) =>
        ids.map((partition) => ({ topic, partition })),
      );
      assigned = assigned.catch(() => undefined).then(() => options.onAssigned?.(partitions));
      joined();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => halt(payload.error));
    if (options.handleEmpty === true)
      // kafkajs passes over a fetch of markers and aborted records without calling eachBatch.
      consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
        if (halted || stopped || payload.batchSize > 0 || payload.firstOffset === null) return;
        const empty = { topic: payload.topic, partition: payload.partition, records: [] };
        track(options.handle({ ...empty, nextOffset: nextOffset(payload.lastOffset) }).catch(halt));
      });

    const eachBatch = async (payload: EachBatchPayload) => {
      const { batch } = payload;
      if (halted || !payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
      const records = batch.messages.map((message) =>
        fromKafkaMessage(batch.topic, batch.partition, message),
      );
      const next = nextOffset(batch.lastOffset());
      const recordBatch: RecordBatch = {
        topic: batch.topic,
        partition: batch.partition,
        records,
        nextOffset: next,
      };
      // A long restore must not get the member dropped from the group: heartbeat through it too.
      await whileHeartbeating(payload, async () => {
        await assigned;
        await options.handle(recordBatch);
      });
      if (options.commit === 'after-handle') {
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      }
      // Moves kafkajs' fetch position past the batch; the committed offset is what survives a crash.
      payload.resolveOffset(batch.lastOffset());
      await payload.heartbeat();
    };

    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.concurrency ?? 1,
        eachBatch: async (payload) => {
          const handling = eachBatch(payload);
          track(handling);
          try {
            await handling;
          } catch (error) {
            // kafkajs rejoins and redelivers from the last commit, if it sees the protocol error itself.
            const churn = groupChurnOf(error);
            if (churn) throw churn;
            // The batch is not resolved: the fresh consumer starts from the last commit.
            halt(error);
          }
        },
      });
    } catch (error) {
      halt(error);
    }
  };

  void run();
  return {
    ready,
    stop: async () => {
      stopped = true;
      stopping.abort();
      await Promise.all(inFlight);
      await supervising;
      await current?.disconnect();
      joined();
    },
  };
}
