// Exactly-once processing with state per partition number (the gate's, an agent's): partition n
// of every input topic goes to one member of the group (co-partitioned), and that member owns n's
// state and n's transactional producer. Opening n creates the producer first —
// which fences the previous owner and completes its open transaction — and only then reads n's
// changelog to the end, so the state restored includes everything the previous owner committed.
// Batches of one partition number are handled one transaction at a time: every topic's batches
// of n share the state. The batches of n that arrive while one of its transactions runs (those
// of its other topics, in the same fetch) wait for it and then share the next one, so a partition
// number costs one transaction per fetch, not one per topic. Any failed transaction drops n; the
// next batch opens it again from the changelog.
import type {
  Bus,
  OutgoingRecord,
  RecordBatch,
  Subscription,
  TopicPartition,
  TransactionalProducer,
} from './port.ts';
import { isFenced, PartitionMovedError } from './fencing.ts';
import { inBatchSpan } from './tracing.ts';
import { positionPrefix, StateStore, type StoreBatch } from './state-store.ts';

/** What a batch produces, the state changes written with it, and what to do once both commit. */
export interface PartitionOutput {
  readonly records: readonly OutgoingRecord[];
  readonly changes: StoreBatch;
  readonly afterCommit?: () => void;
}

export interface PartitionedOptions {
  readonly bus: Bus;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** The compacted changelog topic; partition n holds partition n's state. */
  readonly changelog: string;
  /** Handles batches of one partition number in one transaction, in the order they arrived. */
  readonly process: (batches: readonly RecordBatch[], store: StateStore) => Promise<PartitionOutput>;
  /**
   * Batches handled at once (default 1). Partition numbers are independent — each has its own
   * state, producer and queue — so one's transaction need not hold up the others.
   */
  readonly concurrency?: number;
  readonly onCrash?: (error: unknown) => void;
  /** Called with each partition number once its state is restored, before any batch of it. */
  readonly onRestored?: (partition: number, store: StateStore, records: number) => Promise<void> | void;
  /** Called when this member gives a partition number up (revoked, fenced or failed). */
  readonly onDropped?: (partition: number) => void;
}

export { PartitionMovedError };

const laterOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

interface Owned {
  readonly producer: Promise<TransactionalProducer>;
  readonly store: Promise<StateStore>;
  /** Per topic, the next offset of partition n: nothing before it is handled again. */
  readonly next: Map<string, bigint>;
  /** Batches waiting for the next transaction, and whether one is running. */
  readonly waiting: Waiting[];
  draining: boolean;
}

interface Waiting {
  readonly batch: RecordBatch;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The next offset of each topic after `batches`. */
function nextOffsets(batches: readonly RecordBatch[]): Map<string, bigint> {
  const next = new Map<string, bigint>();
  for (const { topic, records } of batches)
    next.set(topic, laterOf(next.get(topic) ?? 0n, BigInt(records.at(-1)!.offset) + 1n));
  return next;
}

export interface PartitionedSubscription extends Subscription {
  /** The state of the partition numbers this member holds now. */
  readonly stores: () => ReadonlyMap<number, Promise<StateStore>>;
}

export function runPartitioned(options: PartitionedOptions): PartitionedSubscription {
  const { bus, groupId, changelog } = options;
  const owned = new Map<number, Owned>();

  const restore = async (partition: number): Promise<StateStore> => {
    const store = new StateStore();
    const count = await bus.replay(changelog, { offset: '0', partitions: [partition] }, (record) =>
      store.restore(record),
    );
    await options.onRestored?.(partition, store, count);
    return store;
  };

  const open = (partition: number): Owned => {
    const producer = bus.transactionalProducer(`${groupId}.${partition}`);
    const task: Owned = {
      producer,
      store: producer.then(() => restore(partition)),
      next: new Map(),
      waiting: [],
      draining: false,
    };
    task.store.catch(() => undefined);
    owned.set(partition, task);
    return task;
  };

  const drop = async (partition: number): Promise<void> => {
    const task = owned.get(partition);
    if (!task) return;
    owned.delete(partition);
    options.onDropped?.(partition);
    await task.producer.then((producer) => producer.close()).catch(() => undefined);
  };

  const onAssigned = async (assigned: readonly TopicPartition[]) => {
    const numbers = new Set(assigned.map(({ partition }) => partition));
    await Promise.all([...owned.keys()].filter((n) => !numbers.has(n)).map(drop));
    // A partition kept through the rebalance keeps its state: had another member written it in
    // between, that gate's producer fenced this one, and the next transaction reopens it.
    // A partition that fails to open is dropped; its next batch opens it again, or fails loudly.
    const opening = [...numbers].filter((n) => !owned.has(n)).map((n) => open(n).store.catch(() => drop(n)));
    await Promise.all(opening);
  };

  /**
   * Drops records already committed: by the previous owner (fenced after this member read its
   * offsets), or by this one (a rebalance can hand back a kept partition from an offset read
   * before this member's last commit was visible). The position is the later of the group's
   * committed offset and the one stored with the state: for a few milliseconds after a
   * transaction completes (longer while a coordinator moves), the group coordinator still answers
   * the offset from before it — kafkajs' OffsetFetch cannot ask for stable offsets (KIP-447).
   */
  const uncommitted = async (task: Owned, store: StateStore, batch: RecordBatch): Promise<RecordBatch> => {
    let next = task.next.get(batch.topic);
    if (next === undefined) {
      const committed = (await bus.committedOffsets(groupId, batch.topic)).find(
        ({ partition }) => partition === batch.partition,
      );
      const stored = BigInt((store.get(positionPrefix + batch.topic)?.next as string | undefined) ?? '0');
      next = laterOf(BigInt(committed?.offset ?? '0'), stored);
      task.next.set(batch.topic, next);
    }
    const from = next;
    return { ...batch, records: batch.records.filter(({ offset }) => BigInt(offset) >= from) };
  };

  /**
   * The records of `given` not committed yet, each once: a redelivered batch can wait beside the
   * batch it repeats. In offset order per topic; the topics' order does not matter.
   */
  const notHandled = async (task: Owned, store: StateStore, given: readonly RecordBatch[]) => {
    const sorted = [...given].sort(
      (a, b) =>
        a.topic.localeCompare(b.topic) ||
        Number(BigInt(a.records[0]?.offset ?? '0') - BigInt(b.records[0]?.offset ?? '0')),
    );
    const covered = new Map<string, bigint>();
    const pending: RecordBatch[] = [];
    for (const batch of sorted) {
      const from = covered.get(batch.topic) ?? -1n;
      const records = (await uncommitted(task, store, batch)).records.filter(
        ({ offset }) => BigInt(offset) >= from,
      );
      if (records.length === 0) continue;
      pending.push({ ...batch, records });
      covered.set(batch.topic, BigInt(records.at(-1)!.offset) + 1n);
    }
    return pending;
  };

  const transact = async (
    task: Owned,
    partition: number,
    given: readonly RecordBatch[],
    committed: (outputs: number, sendingFrom: number) => void,
  ): Promise<void> => {
    const [producer, store] = await Promise.all([task.producer, task.store]);
    // A batch queued behind one that failed holds a dropped task: its state and position may miss
    // that failed transaction, which can have committed all the same (its outcome unknown). It is
    // redelivered to a task restored from the changelog instead.
    if (owned.get(partition) !== task)
      throw new PartitionMovedError(partition, { cause: new Error('its state was dropped') });
    const pending = await notHandled(task, store, given);
    if (pending.length === 0) return;
    const tx = await producer.transaction();
    let output: PartitionOutput;
    try {
      output = await options.process(pending, store);
      const { records, changes } = output;
      const next = nextOffsets(pending);
      for (const [topic, offset] of next) changes.put(positionPrefix + topic, { next: offset.toString() });
      const sendingFrom = performance.now();
      await tx.send([...records, ...changes.changelog(changelog, partition)]);
      await tx.sendOffsets(
        groupId,
        [...next].map(([topic, offset]) => ({ topic, partition, offset: offset.toString() })),
      );
      await tx.commit();
      committed(records.length, sendingFrom);
      changes.commit();
      for (const [topic, offset] of next) task.next.set(topic, offset);
    } catch (error) {
      await tx.abort().catch(() => undefined);
      throw error;
    }
    output.afterCommit?.();
  };

  /** Runs the waiting batches of a partition number, all that waited in one transaction. */
  const drain = async (task: Owned, partition: number): Promise<void> => {
    task.draining = true;
    // The other batches of this fetch are handed over in the same turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    while (task.waiting.length > 0) {
      const taken = task.waiting.splice(0);
      const batches = taken.map(({ batch }) => batch);
      const span = {
        topic: [...new Set(batches.map(({ topic }) => topic))].join(','),
        partition,
        records: batches.flatMap(({ records }) => records),
      };
      try {
        await inBatchSpan(groupId, span, (committed) => transact(task, partition, batches, committed));
        for (const { resolve } of taken) resolve();
      } catch (error) {
        if (owned.get(partition) === task) await drop(partition);
        const reason = isFenced(error) ? new PartitionMovedError(partition, { cause: error }) : error;
        for (const { reject } of taken) reject(reason);
      }
    }
    task.draining = false;
  };

  const handle = (batch: RecordBatch): Promise<void> => {
    const task = owned.get(batch.partition) ?? open(batch.partition);
    return new Promise<void>((resolve, reject) => {
      task.waiting.push({ batch, resolve, reject });
      if (!task.draining) void drain(task, batch.partition);
    });
  };

  const subscription = bus.consume({
    groupId,
    topics: options.topics,
    copartitioned: true,
    concurrency: options.concurrency,
    commit: 'by-handler',
    onAssigned,
    handle,
    onCrash: options.onCrash,
  });
  return {
    ready: subscription.ready,
    stores: () => new Map([...owned].map(([n, task]) => [n, task.store])),
    stop: async () => {
      await subscription.stop();
      await Promise.all([...owned.keys()].map(drop));
    },
  };
}
