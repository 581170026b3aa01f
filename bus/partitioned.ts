// Exactly-once processing with state per partition number (the gate's, an agent's): partition n
// of every input topic goes to one member of the group (co-partitioned), and that member owns n's
// state and n's transactional producer. Opening n creates the producer first —
// which fences the previous owner and completes its open transaction — and only then reads n's
// changelog to the end, so the state restored includes everything the previous owner committed.
// Batches of one partition number are handled one at a time: every topic's batches of n share
// the state. Any failed transaction drops n; the next batch opens it again from the changelog.
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
  readonly process: (batch: RecordBatch, store: StateStore) => Promise<PartitionOutput>;
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
  /** Called once a batch's transaction commits, with the seconds its writes and commit took. */
  readonly onCommitted?: (batch: RecordBatch, seconds: number) => void;
}

export { PartitionMovedError };

const laterOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

interface Owned {
  readonly producer: Promise<TransactionalProducer>;
  readonly store: Promise<StateStore>;
  /** Per topic, the next offset of partition n: nothing before it is handled again. */
  readonly next: Map<string, bigint>;
  queue: Promise<void>;
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
      queue: Promise.resolve(),
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

  const transact = async (
    task: Owned,
    given: RecordBatch,
    committed: (outputs: number, sendingFrom: number) => void,
  ): Promise<void> => {
    const [producer, store] = await Promise.all([task.producer, task.store]);
    // A batch queued behind one that failed holds a dropped task: its state and position may miss
    // that failed transaction, which can have committed all the same (its outcome unknown). It is
    // redelivered to a task restored from the changelog instead.
    if (owned.get(given.partition) !== task)
      throw new PartitionMovedError(given.partition, { cause: new Error('its state was dropped') });
    const batch = await uncommitted(task, store, given);
    if (batch.records.length === 0) return;
    const tx = await producer.transaction();
    let output: PartitionOutput;
    try {
      output = await options.process(batch, store);
      const { records, changes } = output;
      const next = BigInt(batch.records.at(-1)!.offset) + 1n;
      changes.put(positionPrefix + batch.topic, { next: next.toString() });
      const sendingFrom = performance.now();
      await tx.send([...records, ...changes.changelog(changelog, batch.partition)]);
      await tx.sendOffsets(groupId, [
        { topic: batch.topic, partition: batch.partition, offset: next.toString() },
      ]);
      await tx.commit();
      committed(records.length, sendingFrom);
      options.onCommitted?.(batch, (performance.now() - sendingFrom) / 1000);
      changes.commit();
      task.next.set(batch.topic, next);
    } catch (error) {
      await tx.abort().catch(() => undefined);
      throw error;
    }
    output.afterCommit?.();
  };

  const handle = async (batch: RecordBatch): Promise<void> => {
    const task = owned.get(batch.partition) ?? open(batch.partition);
    const run = task.queue.then(() =>
      inBatchSpan(groupId, batch, (committed) => transact(task, batch, committed)),
    );
    task.queue = run.catch(() => undefined);
    try {
      await run;
    } catch (error) {
      if (owned.get(batch.partition) === task) await drop(batch.partition);
      throw isFenced(error) ? new PartitionMovedError(batch.partition, { cause: error }) : error;
    }
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
