// Publishes signed checkpoints after the transaction that stored them commits. A crash between
// the commit and the publish would leave a checkpoint only in the database, so on start the
// publisher sends every stored checkpoint newer than the last one the topic holds.
import type { Bus } from '../bus/port.ts';
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
  // Only heads past the last published one: a stop that signs an unchanged head publishes nothing.
  const publish = async (checkpoints: readonly SignedCheckpoint[]) => {
    const fresh = checkpoints.filter((checkpoint) => checkpoint.seq > last);
    await bus.send(fresh.map((checkpoint) => checkpointRecord(topic, schema, checkpoint)));
    last = Math.max(last, ...fresh.map((checkpoint) => checkpoint.seq));
    return fresh;
  };
  return {
    topic,
    publish,
    async publishMissed() {
      last = await lastPublishedSeq(bus, topic, schema);
      const missed = await inSchema(db, schema, (tx) => readCheckpoints(tx, last + 1));
      return (await publish(missed)).length;
    },
  };
}
