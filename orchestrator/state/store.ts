// The gate's state for one partition number: a key-value map whose every change is also a record
// of the compacted changelog topic, written in the transaction of the batch that made it
// (Kafka Streams' exactly-once state store). A batch changes a StoreBatch; its changes reach the
// store only after the transaction commits, so an aborted batch leaves no trace.
import type { ConsumedRecord, OutgoingRecord } from '../../bus/port.ts';

export type StoredValue = Readonly<Record<string, unknown>>;

export class StateStore {
  private readonly values = new Map<string, StoredValue>();
  /** When expired entries were last tombstoned. */
  expiredAt = 0;

  get(key: string): StoredValue | undefined {
    return this.values.get(key);
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  get size(): number {
    return this.values.size;
  }

  /** Applies one changelog record: the latest value of its key, or its tombstone. */
  restore(record: Pick<ConsumedRecord, 'key' | 'value'>): void {
    if (record.key === null) return;
    const key = record.key.toString();
    if (record.value === null) this.values.delete(key);
    else this.values.set(key, JSON.parse(record.value.toString()) as StoredValue);
  }

  begin(): StoreBatch {
    return new StoreBatch(this);
  }

  apply(changes: ReadonlyMap<string, StoredValue | null>): void {
    for (const [key, value] of changes) {
      if (value === null) this.values.delete(key);
      else this.values.set(key, value);
    }
  }
}

/** A batch's changes over the store; reads see them first. */
export class StoreBatch {
  private readonly changes = new Map<string, StoredValue | null>();

  constructor(private readonly store: StateStore) {}

  get(key: string): StoredValue | undefined {
    if (this.changes.has(key)) return this.changes.get(key) ?? undefined;
    return this.store.get(key);
  }

  put(key: string, value: StoredValue): void {
    this.changes.set(key, value);
  }

  delete(key: string): void {
    this.changes.set(key, null);
  }

  /** The changelog records of this batch: the latest value of each changed key, or a tombstone. */
  changelog(topic: string, partition: number): OutgoingRecord[] {
    return [...this.changes].map(([key, value]) => ({
      topic,
      partition,
      key,
      value: value === null ? null : Buffer.from(JSON.stringify(value)),
    }));
  }

  commit(): void {
    this.store.apply(this.changes);
  }
}
