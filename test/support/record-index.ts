// Where every committed record of some topics is, without keeping the records: a test counts
// them by their coordinates, whoever produced them. Transaction markers and aborted records take
// offsets but are no records, so an end offset alone does not say how many a partition holds.
import type { Bus } from '../../bus/port.ts';
import { uniqueName } from './names.ts';

export const coordinatesOf = (topic: string, partition: number, offset: string | number): string =>
  `${topic}/${partition}/${String(offset)}`;

export interface RecordIndex {
  /** `topic/partition/offset` of every record read so far. */
  readonly coordinates: ReadonlySet<string>;
  /** True once every partition of the topics is read up to `ends` (from Bus.endOffsets). */
  readTo(ends: readonly { topic: string; partition: number; offset: string }[]): boolean;
  /** The end offsets of the topics now. */
  ends(): Promise<{ topic: string; partition: number; offset: string }[]>;
  stop(): Promise<void>;
}

/** Follows `topics` from their start in a group of its own; `onProgress` after every batch. */
export function recordIndex(bus: Bus, topics: readonly string[], onProgress: () => void): RecordIndex {
  const coordinates = new Set<string>();
  const next = new Map<string, bigint>();
  const subscription = bus.consume({
    groupId: uniqueName('record-index'),
    topics,
    commit: 'after-handle',
    handleEmpty: true,
    handle: (batch) => {
      for (const record of batch.records)
        coordinates.add(coordinatesOf(batch.topic, batch.partition, record.offset));
      next.set(`${batch.topic}/${batch.partition}`, BigInt(batch.nextOffset));
      onProgress();
      return Promise.resolve();
    },
  });
  return {
    coordinates,
    readTo: (ends) =>
      ends.every(
        ({ topic, partition, offset }) => (next.get(`${topic}/${partition}`) ?? 0n) >= BigInt(offset),
      ),
    ends: async () => (await Promise.all(topics.map((topic) => bus.endOffsets(topic)))).flat(),
    stop: () => subscription.stop(),
  };
}
