import type { Bus, ConsumedRecord, Subscription } from '../../bus/port.ts';

export interface Collector {
  readonly records: ConsumedRecord[];
  readonly subscription: Subscription;
  /** Resolves once `predicate` holds for the records seen so far. */
  until(predicate: (records: readonly ConsumedRecord[]) => boolean): Promise<ConsumedRecord[]>;
  stop(): Promise<void>;
}

/**
 * Consumes topics in a group and keeps every record once, so tests wait for conditions, never
 * sleep. A consumer restarted by a group error reads again from its last commit: a record seen
 * before is not kept twice, or a test would count a duplicate the topic does not hold.
 */
export function collect(bus: Bus, groupId: string, topics: readonly string[]): Collector {
  const records: ConsumedRecord[] = [];
  const seen = new Set<string>();
  const waiters = new Set<() => void>();
  const subscription = bus.consume({
    groupId,
    topics,
    commit: 'after-handle',
    handle: (batch) => {
      for (const record of batch.records) {
        const position = `${batch.topic}/${batch.partition}/${record.offset}`;
        if (seen.has(position)) continue;
        seen.add(position);
        records.push(record);
      }
      for (const check of waiters) check();
      return Promise.resolve();
    },
  });
  return {
    records,
    subscription,
    until: (predicate) =>
      new Promise((resolve) => {
        const check = () => {
          if (!predicate(records)) return;
          waiters.delete(check);
          resolve(records);
        };
        waiters.add(check);
        check();
      }),
    stop: () => subscription.stop(),
  };
}

export const valuesOf = (records: readonly ConsumedRecord[]): string[] =>
  records.map((record) => record.value?.toString() ?? '');
