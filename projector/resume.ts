// The database, not Kafka, says where the projector resumes. Kafka's committed offsets trail
// the database (they are committed after it), so a group consumer only redelivers what the
// applier then skips. The one case where Kafka is ahead — the database restored from a backup,
// or its schema recreated — would silently skip decisions; the gap is replayed first.
import type { Bus, ConsumedRecord } from '../bus/port.ts';
import type { PartitionPosition } from './types.ts';

const CHUNK = 500;

/** Partitions where the Kafka group committed past what the database holds. */
export async function partitionsAhead(
  bus: Bus,
  groupId: string,
  topic: string,
  stored: readonly PartitionPosition[],
): Promise<{ partition: number; stored: bigint; committed: bigint }[]> {
  const storedOf = (partition: number) =>
    BigInt(stored.find((p) => p.topic === topic && p.partition === partition)?.nextOffset ?? '0');
  const committed = await bus.committedOffsets(groupId, topic);
  return committed
    .map(({ partition, offset }) => ({ partition, stored: storedOf(partition), committed: BigInt(offset) }))
    .filter((gap) => gap.committed > gap.stored);
}

/**
 * Applies the lagging partitions from their database positions up to the topic's end; returns
 * records read. Only those partitions: the replay starts at the lowest lagging position on every
 * partition, and applying another partition from there would pass over its records below that
 * offset for good. The group consumer brings the other partitions from Kafka's committed offsets.
 */
export async function replayGap(
  bus: Bus,
  topic: string,
  gaps: readonly { partition: number; stored: bigint }[],
  apply: (records: readonly ConsumedRecord[]) => Promise<unknown>,
): Promise<number> {
  if (gaps.length === 0) return 0;
  const from = gaps.reduce((low, gap) => (gap.stored < low ? gap.stored : low), gaps[0]!.stored);
  const lagging = new Set(gaps.map((gap) => gap.partition));
  const pending = new Map<number, ConsumedRecord[]>();
  const flush = async (partition: number) => {
    const records = pending.get(partition) ?? [];
    pending.delete(partition);
    await apply(records);
  };
  const read = await bus.replay(topic, { offset: from.toString() }, async (record) => {
    if (!lagging.has(record.partition)) return;
    const records = pending.get(record.partition) ?? [];
    records.push(record);
    pending.set(record.partition, records);
    if (records.length >= CHUNK) await flush(record.partition);
  });
  for (const partition of [...pending.keys()]) await flush(partition);
  return read;
}
