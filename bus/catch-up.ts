// The one "caught up with the topic" helper: positions read so far, per partition, against the
// end offsets taken at some moment. A partition is caught up once a record at end - 1 was handled.
import type { Bus, OffsetCommit, RecordBatch } from './port.ts';

const keyOf = (topic: string, partition: number) => `${topic}/${partition}`;

/** How far a consumer has read: the next offset of each partition it handled a batch of. */
export class ReadPositions {
  private readonly next = new Map<string, bigint>();
  private readonly waiters = new Set<() => void>();

  /** Call after a batch was applied. */
  advance(batch: Pick<RecordBatch, 'topic' | 'partition' | 'records'>): void {
    const last = batch.records.at(-1);
    if (!last) return;
    const key = keyOf(batch.topic, batch.partition);
    const next = BigInt(last.offset) + 1n;
    if (next > (this.next.get(key) ?? 0n)) this.next.set(key, next);
    for (const check of this.waiters) check();
  }

  /** Every partition of `ends` has been read up to its end. */
  reached(ends: readonly OffsetCommit[]): boolean {
    return ends.every(
      ({ topic, partition, offset }) => (this.next.get(keyOf(topic, partition)) ?? 0n) >= BigInt(offset),
    );
  }

  /** Resolves once `reached(ends)` holds. */
  until(ends: readonly OffsetCommit[]): Promise<void> {
    if (this.reached(ends)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!this.reached(ends)) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }
}

/** The end offsets of several topics, as one list. */
export async function endsOf(bus: Bus, topics: readonly string[]): Promise<OffsetCommit[]> {
  return (await Promise.all(topics.map((topic) => bus.endOffsets(topic)))).flat();
}

export interface CatchUp {
  /** Resolves once everything the topics held at the start has been handled. */
  readonly done: Promise<void>;
  readonly isDone: () => boolean;
  /** Call after a batch was applied. */
  advance(batch: RecordBatch): void;
  /** Resolves once everything the topics hold now has been handled. */
  now(): Promise<void>;
}

/** Knowing when a consumer has read everything a topic held when it started (and since). */
export async function catchUp(bus: Bus, topics: readonly string[]): Promise<CatchUp> {
  const positions = new ReadPositions();
  const atStart = await endsOf(bus, topics);
  let finished = false;
  const done = positions.until(atStart).then(() => {
    finished = true;
  });
  return {
    done,
    isDone: () => finished || positions.reached(atStart),
    advance: (batch) => positions.advance(batch),
    now: async () => positions.until(await endsOf(bus, topics)),
  };
}
