// The state of one partition number (the gate's, an agent's): a key-value map whose every change
// is also a record of the compacted changelog topic, written in the transaction of the batch
// that made it (Kafka Streams' exactly-once state store). A batch changes a StoreBatch; its changes reach the
// store only after the transaction commits, so an aborted batch leaves no trace.
import type { ConsumedRecord, OutgoingRecord } from './port.ts';

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

  /**
   * Tombstones every entry past its expiry (null: never expires), so the state and its changelog
   * stay bounded; a scan of every key, so at most once a minute per store.
   */
  expireOccasionally(now: number, expiresAt: (key: string, value: StoredValue) => number | null): void {
    if (now - this.store.expiredAt < 60_000) return;
    this.store.expiredAt = now;
    for (const key of this.store.keys()) {
      const value = this.get(key);
      const expiry = value && expiresAt(key, value);
      if (expiry !== null && expiry !== undefined && expiry <= now) this.delete(key);
    }
  }
}
