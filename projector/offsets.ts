// Consumer positions stored beside the projections, so the state and "where to resume" commit
// together: after a crash the consumer resumes exactly after the last applied batch.
import type { Db, Queryable } from './store/db.ts';
import { inSchema } from './store/schema-scope.ts';
import { asNumber, asText } from './store/values.ts';
import type { DecisionEntry, PartitionPosition } from './types.ts';

export const partitionKey = (topic: string, partition: number): string => `${topic}#${partition}`;

async function readPositions(tx: Queryable, group: string): Promise<PartitionPosition[]> {
  const { rows } = await tx.query(
    'SELECT topic, partition, next_offset FROM projector_offsets WHERE consumer_group = $1 ORDER BY topic, partition',
    [group],
  );
  return rows.map((row) => ({
    topic: asText(row.topic),
    partition: asNumber(row.partition),
    nextOffset: asText(row.next_offset),
  }));
}

/** The next offset to read per partition, keyed by partitionKey. */
export async function readNextOffsets(tx: Queryable, group: string): Promise<Map<string, bigint>> {
  const positions = await readPositions(tx, group);
  return new Map(positions.map((p) => [partitionKey(p.topic, p.partition), BigInt(p.nextOffset)]));
}

/** Where the group resumes: the next offset per partition it has applied. */
export function loadOffsets(db: Db, schema: string, group: string): Promise<PartitionPosition[]> {
  return inSchema(db, schema, (tx) => readPositions(tx, group));
}

/** One past the highest offset of each partition in the entries. */
export function positionsAfter(entries: readonly Pick<DecisionEntry, 'coordinates'>[]): PartitionPosition[] {
  const highest = new Map<string, PartitionPosition>();
  for (const {
    coordinates: { topic, partition, offset },
  } of entries) {
    const next = (BigInt(offset) + 1n).toString();
    const known = highest.get(partitionKey(topic, partition));
    if (!known || BigInt(known.nextOffset) < BigInt(next))
      highest.set(partitionKey(topic, partition), { topic, partition, nextOffset: next });
  }
  return [...highest.values()];
}

/** Stored positions only move forward, whatever order batches commit in. */
export async function advanceOffsets(
  tx: Queryable,
  group: string,
  positions: readonly PartitionPosition[],
): Promise<void> {
  for (const { topic, partition, nextOffset } of positions) {
    await tx.query(
      `INSERT INTO projector_offsets AS o (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consumer_group, topic, partition)
       DO UPDATE SET next_offset = GREATEST(o.next_offset, excluded.next_offset)`,
      [group, topic, partition, nextOffset],
    );
  }
}
