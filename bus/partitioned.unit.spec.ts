import { describe, expect, it } from 'vitest';
import { MemoryBus } from './memory/index.ts';
import { runPartitioned } from './partitioned.ts';
import type { Bus, ConsumeOptions, RecordBatch, TransactionalProducer } from './port.ts';

/**
 * A bus whose group coordinator answers offsets from before every transaction (as Kafka's does for
 * a moment after a transaction completes), and whose group hands each partition back right after
 * each batch, redelivering that batch: the new owner sees a record its predecessor committed.
 */
function staleCoordinator(bus: MemoryBus): Bus {
  const consume = (options: ConsumeOptions) =>
    bus.consume({
      ...options,
      handle: async (batch: RecordBatch) => {
        await options.handle(batch);
        await options.onAssigned?.([]);
        await options.onAssigned?.([{ topic: batch.topic, partition: batch.partition }]);
        await options.handle(batch);
      },
    });
  return Object.assign(Object.create(bus) as Bus, {
    consume,
    committedOffsets: () => Promise.resolve([]),
  });
}

/**
 * A bus whose first commit succeeds but reports a retriable failure (a broker died before it
 * answered), while a fresh consumer has already redelivered that batch from the offset committed
 * before it: the redelivery waits behind the batch whose outcome is unknown.
 */
function unknownOutcome(bus: MemoryBus): Bus {
  let failedOnce = false;
  let doubled = false;
  const transactionalProducer = async (id: string): Promise<TransactionalProducer> => {
    const producer = await bus.transactionalProducer(id);
    return {
      ...producer,
      transaction: async () => {
        const tx = await producer.transaction();
        return {
          ...tx,
          commit: async () => {
            await tx.commit();
            if (failedOnce) return;
            failedOnce = true;
            throw Object.assign(new Error('request timed out'), { retriable: true });
          },
        };
      },
    };
  };
  const consume = (options: ConsumeOptions) =>
    bus.consume({
      ...options,
      handle: async (batch: RecordBatch) => {
        if (doubled) return options.handle(batch);
        doubled = true;
        const results = await Promise.allSettled([options.handle(batch), options.handle(batch)]);
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      },
    });
  return Object.assign(Object.create(bus) as Bus, {
    consume,
    transactionalProducer,
    committedOffsets: () => Promise.resolve([]),
  });
}

/** Echoes every record of 'in' to 'out' through runPartitioned on `bus`; resolves once 'in' is consumed. */
async function echoed(memory: MemoryBus, bus: Bus): Promise<string[]> {
  await memory.createTopics([
    { topic: 'in', partitions: 1 },
    { topic: 'out', partitions: 1 },
    { topic: 'state', partitions: 1, compacted: true },
  ]);
  await memory.send(
    ['a', 'b', 'c'].map((id) => ({ topic: 'in', partition: 0, key: id, value: Buffer.from(id) })),
  );
  const subscription = runPartitioned({
    bus,
    groupId: 'echo',
    topics: ['in'],
    changelog: 'state',
    process: async (batch, store) => ({
      records: batch.records.map((r) => ({ topic: 'out', value: r.value })),
      changes: store.begin(),
    }),
  });
  await subscription.ready;
  // Waits until the group has committed past the last input; the memory bus itself knows.
  await expect
    .poll(async () => (await memory.committedOffsets('echo', 'in'))[0]?.offset, { timeout: 60_000 })
    .toBe('3');
  await subscription.stop();
  const out: string[] = [];
  await memory.replay('out', { offset: '0' }, (r) => void out.push(r.value!.toString()));
  return out.sort();
}

describe('partitioned processing', () => {
  it('does not handle a batch again behind one whose commit outcome it did not know', async () => {
    const memory = new MemoryBus();
    expect(await echoed(memory, unknownOutcome(memory))).toEqual(['a', 'b', 'c']);
  });

  it('handles a record once when a new owner reads a committed offset from before its predecessor', async () => {
    const memory = new MemoryBus();
    expect(await echoed(memory, staleCoordinator(memory))).toEqual(['a', 'b', 'c']);
  });
});
