// Keeps the agent directory in step with sg.registry and sg.control: a consumer that reads both
// compacted topics from the start (a group of its own, so every gate instance sees everything).
import { randomUUID } from 'node:crypto';
import { deadLetterFor } from '../../bus/dead-letters.ts';
import type { Bus, ConsumedRecord, Subscription } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import { isRetriable } from '../../schemas/errors.ts';
import type { AgentDirectory } from './directory.ts';

export interface Follower {
  /** Resolves once every record that existed when following started has been applied. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

async function endPositions(bus: Bus, topics: readonly string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, offset } of await bus.endOffsets(topic))
      ends.set(`${topic}/${partition}`, BigInt(offset));
  }
  return ends;
}

export async function followDirectory(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  directory: AgentDirectory,
): Promise<Follower> {
  const topics = [names.registry, names.control];
  const remaining = await endPositions(bus, topics);
  for (const [key, end] of remaining) if (end === 0n) remaining.delete(key);
  let caughtUp: () => void = () => {};
  const ready = new Promise<void>((resolve) => (caughtUp = resolve));
  if (remaining.size === 0) caughtUp();
  const consumer = `gate-directory-${randomUUID()}`;

  const apply = async (record: ConsumedRecord) => {
    try {
      if (record.topic === names.registry)
        directory.announce(await codec.decodeAs('swarmgate.v1.AgentAnnounced', record.value));
      else directory.control(await codec.decodeAs('swarmgate.v1.ControlCommand', record.value));
    } catch (error) {
      if (isRetriable(error)) throw error;
      await bus.send([await deadLetterFor({ codec, topic: names.dlq, consumer }, record, error)]);
    }
  };

  const subscription: Subscription = bus.consume({
    groupId: consumer,
    topics,
    fromBeginning: true,
    commit: 'after-handle',
    handle: async (batch) => {
      for (const record of batch.records) await apply(record);
      const key = `${batch.topic}/${batch.partition}`;
      const end = remaining.get(key);
      if (end !== undefined && BigInt(batch.records.at(-1)!.offset) + 1n >= end) remaining.delete(key);
      if (remaining.size === 0) caughtUp();
    },
  });
  return { caughtUp: ready, stop: () => subscription.stop() };
}
