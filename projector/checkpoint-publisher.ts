// Publishes signed checkpoints after the transaction that stored them commits. A crash between
// the commit and the publish would leave a checkpoint only in the database, so on start the
// publisher sends every stored checkpoint newer than the last one the topic holds. A publish that
// Kafka refuses for now (brokers down, no leader) does not stop the projector: it is retried in
// the background, with backoff, until the topic holds every stored checkpoint.
import type { Bus } from '../bus/port.ts';
import { retrying } from '../bus/retry.ts';
import { isRetriable } from '../schemas/errors.ts';
import type { SignedCheckpoint } from './audit/checkpoint.ts';
import { readCheckpoints } from './audit/checkpoints.ts';
import { checkpointRecord, checkpointsTopicSpec, readPublishedCheckpoints } from './checkpoint-topic.ts';
import type { Db } from './store/db.ts';
import { inSchema } from './store/schema-scope.ts';

/** How far back from the end to look for our last checkpoint before reading the whole topic. */
const TAIL = 200n;

export interface CheckpointPublisher {
  readonly topic: string;
  /** Publishes those past the last published head; returns them. */
  publish(checkpoints: readonly SignedCheckpoint[]): Promise<SignedCheckpoint[]>;
  /** Publishes stored checkpoints the topic lacks; returns how many. */
  publishMissed(): Promise<number>;
}

async function lastPublishedSeq(bus: Bus, topic: string, schema: string): Promise<number> {
  const [end] = await bus.endOffsets(topic);
  const high = BigInt(end?.offset ?? '0');
  const tailStart = high > TAIL ? high - TAIL : 0n;
  let published = await readPublishedCheckpoints(bus, topic, schema, tailStart.toString());
  if (published.length === 0 && tailStart > 0n)
    published = await readPublishedCheckpoints(bus, topic, schema);
  return Math.max(0, ...published.map((checkpoint) => checkpoint.seq));
}

export async function checkpointPublisher(
  bus: Bus,
  topic: string,
  db: Db,
  schema: string,
): Promise<CheckpointPublisher> {
  await bus.createTopics([checkpointsTopicSpec(topic)]);
  let last = 0;
  let retry: Promise<unknown> | undefined;
  // Only heads past the last published one: a stop that signs an unchanged head publishes nothing.
  const send = async (checkpoints: readonly SignedCheckpoint[]) => {
    const fresh = checkpoints.filter((checkpoint) => checkpoint.seq > last);
    await bus.send(fresh.map((checkpoint) => checkpointRecord(topic, schema, checkpoint)));
    last = Math.max(last, ...fresh.map((checkpoint) => checkpoint.seq));
    return fresh;
  };
  const publishMissed = async () => {
    last = await lastPublishedSeq(bus, topic, schema);
    const missed = await inSchema(db, schema, (tx) => readCheckpoints(tx, last + 1));
    return (await send(missed)).length;
  };
  const retryLater = () => {
    retry ??= retrying(publishMissed).finally(() => (retry = undefined));
    retry.catch((error: unknown) => console.error('checkpoint publication stopped:', error));
  };
  return {
    topic,
    async publish(checkpoints) {
      try {
        if (retry) return []; // the retry in flight publishes these too, in order
        return await send(checkpoints);
      } catch (error) {
        if (!isRetriable(error)) throw error;
        retryLater();
        return [];
      }
    },
    publishMissed: async () => {
      try {
        return await publishMissed();
      } catch (error) {
        if (!isRetriable(error)) throw error;
        retryLater();
        return 0;
      }
    },
  };
}
