import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { ConsumedRecord, ReplayStart } from '../port.ts';
import { clientRetry, lowLatencyConsumer } from './config.ts';
import { fromKafkaMessage } from './messages.ts';
import { retrying } from '../retry.ts';

interface Range {
  readonly partition: number;
  readonly start: bigint;
  readonly end: bigint;
}

async function ranges(admin: Admin, topic: string, start: ReplayStart): Promise<Range[]> {
  const ends = await retrying(() => admin.fetchTopicOffsets(topic), { attempts: 8 });
  const starts =
    'timestamp' in start
      ? await retrying(() => admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp), { attempts: 8 })
      : ends.map(({ partition, low }) => ({ partition, offset: maxOffset(low, start.offset) }));
  const wanted = ({ partition }: { partition: number }) => start.partitions?.includes(partition) ?? true;
  return ends.filter(wanted).map(({ partition, high }) => ({
    partition,
    start: BigInt(starts.find((s) => s.partition === partition)?.offset ?? high),
    end: BigInt(high),
  }));
}

function maxOffset(a: string, b: string): string {
  return BigInt(a) > BigInt(b) ? a : b;
}

/** Replays read through throw-away groups named with this prefix (ACLs grant it). */
export const replayGroupPrefix = 'swarmgate-replay-';

/**
 * Reads committed records from `start` up to the end offsets as of the call. kafkajs has no
 * manual assignment, so a throw-away group is used and deleted afterwards.
 */
export async function replayFromKafka(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  start: ReplayStart,
  handle: (record: ConsumedRecord) => Promise<void> | void,
): Promise<number> {
  const pending = (await ranges(admin, topic, start)).filter((range) => range.start < range.end);
  if (pending.length === 0) return 0;
  const groupId = `${replayGroupPrefix}${randomUUID()}`;
  // A crash fails the replay (its caller decides whether to retry); restarted by kafkajs behind our
  // back, the consumer would rejoin after the finally below, and its rejection go unhandled.
  const consumer = kafka.consumer({
    groupId,
    ...lowLatencyConsumer,
    retry: { ...clientRetry, restartOnFailure: () => Promise.resolve(false) },
  });
  const remaining = new Map(pending.map((range) => [range.partition, range]));
  let count = 0;
  let crashed: Error | undefined;
  let finish: (error?: Error) => void = () => {};
  const done = new Promise<void>(
    (resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())),
  );
  // A crash while run() joins the group (a coordinator still loading) rejects this before it is
  // awaited below: without a handler now, that rejection would end the process as unhandled.
  done.catch(() => undefined);
  // Batches holding only transaction markers are never handed to eachBatch; this event sees them too.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const range = remaining.get(payload.partition);
    if (range && BigInt(payload.lastOffset) + 1n >= range.end) remaining.delete(payload.partition);
    if (remaining.size === 0) finish();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crashed = payload.error instanceof Error ? payload.error : new Error(String(payload.error));
    finish(crashed);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const range = remaining.get(batch.partition);
        for (const message of batch.messages) {
          if (!range || BigInt(message.offset) >= range.end) break;
          if (BigInt(message.offset) < range.start) continue; // fetched before the seek applied
          await handle(fromKafkaMessage(topic, batch.partition, message));
          count += 1;
        }
      },
    });
    // run() resolves after a crash in the join too, with no group to seek in: fail with the cause.
    if (crashed) throw crashed;
    for (const range of pending)
      consumer.seek({ topic, partition: range.partition, offset: range.start.toString() });
    await done;
    return count;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
