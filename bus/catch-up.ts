// Knowing when a consumer has read everything a topic held when it started: the end offset of
// each partition is taken first, and a partition is done once a record at end - 1 was handled.
import type { Bus, RecordBatch } from './port.ts';

export interface CatchUp {
  readonly done: Promise<void>;
  readonly isDone: () => boolean;
  /** Call after a batch was applied. */
  advance(batch: RecordBatch): void;
}

export async function catchUp(bus: Bus, topics: readonly string[]): Promise<CatchUp> {
  const remaining = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, offset } of await bus.endOffsets(topic)) {
      if (BigInt(offset) > 0n) remaining.set(`${topic}/${partition}`, BigInt(offset));
    }
  }
  let finished = false;
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  const check = () => {
    if (remaining.size > 0 || finished) return;
    finished = true;
    resolve();
  };
  check();
  return {
    done,
    isDone: () => finished,
    advance(batch) {
      const key = `${batch.topic}/${batch.partition}`;
      const end = remaining.get(key);
      const last = batch.records.at(-1);
      if (end !== undefined && last && BigInt(last.offset) + 1n >= end) remaining.delete(key);
      check();
    },
  };
}
