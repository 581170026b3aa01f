// The state of one partition number (the gate's, an agent's): a key-value map whose every change
// is also a record of the compacted changelog topic, written in the transaction of the batch
// that made it (Kafka Streams' exactly-once state store). A batch changes a StoreBatch; its changes reach the
// store only after the transaction commits, so an aborted batch leaves no trace.
import type { ConsumedRecord, OutgoingRecord } from './port.ts';

export type StoredValue = Readonly<Record<string, unknown>>;

/**
 * Keys under this prefix are groups: their value's `members` lists ids that `group(member)` finds
 * the value by. Many small facts (the event ids one batch delivered) then cost one changelog
 * record, and a restore reads one record per group instead of one per id.
 */
export const groupPrefix = 'group/';

/**
 * Keys under this prefix hold, per input topic, the next offset the state covers: written in the
 * transaction that also commits the group's offset, so a restored store knows its position even
 * when the group coordinator still answers an offset from before that transaction.
 */
export const positionPrefix = 'position/';

const membersOf = (key: string, value: StoredValue | null | undefined): readonly string[] =>
  key.startsWith(groupPrefix) && value && Array.isArray(value.members) ? (value.members as string[]) : [];

export class StateStore {
  private readonly values = new Map<string, StoredValue>();
  /** Member id → key of the group holding it. */
  private readonly groups = new Map<string, string>();
  /** When expired entries were last tombstoned. */
  expiredAt = 0;

  get(key: string): StoredValue | undefined {
    return this.values.get(key);
  }

  /** The key of the group that lists `member`. */
  groupKey(member: string): string | undefined {
    return this.groups.get(member);
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
    this.set(key, record.value === null ? null : (JSON.parse(record.value.toString()) as StoredValue));
  }

  begin(): StoreBatch {
    return new StoreBatch(this);
  }

  apply(changes: ReadonlyMap<string, StoredValue | null>): void {
    for (const [key, value] of changes) this.set(key, value);
  }

  private set(key: string, value: StoredValue | null): void {
    for (const member of membersOf(key, this.values.get(key)))
      if (this.groups.get(member) === key) this.groups.delete(member);
    if (value === null) this.values.delete(key);
    else this.values.set(key, value);
    for (const member of membersOf(key, value)) this.groups.set(member, key);
  }
}

/** A batch's changes over the store; reads see them first. */
export class StoreBatch {
  private readonly changes = new Map<string, StoredValue | null>();
  /** Members of the groups this batch put. */
  private readonly groups = new Map<string, string>();

  constructor(private readonly store: StateStore) {}

  get(key: string): StoredValue | undefined {
    if (this.changes.has(key)) return this.changes.get(key) ?? undefined;
    return this.store.get(key);
  }

  /** The value of the group listing `member`, as this batch sees it. */
  group(member: string): StoredValue | undefined {
    const key = this.groups.get(member) ?? this.store.groupKey(member);
    return key === undefined ? undefined : this.get(key);
  }

  put(key: string, value: StoredValue): void {
    this.changes.set(key, value);
    for (const member of membersOf(key, value)) this.groups.set(member, key);
  }

  /** Adds `member` to the group at `key`, which this batch creates as `{ ...fields, members }`. */
  join(key: string, member: string, fields: StoredValue): void {
    let members = this.changes.get(key)?.members as string[] | undefined;
    if (!members) {
      members = [];
      this.changes.set(key, { ...fields, members });
    }
    members.push(member);
    this.groups.set(member, key);
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
      if (key.startsWith(positionPrefix)) continue;
      const value = this.get(key);
      const expiry = value && expiresAt(key, value);
      if (expiry !== null && expiry !== undefined && expiry <= now) this.delete(key);
    }
  }
}
