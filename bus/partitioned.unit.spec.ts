import { describe, expect, it } from 'vitest';
import { MemoryBus } from './memory/index.ts';
import { runPartitioned } from './partitioned.ts';
import type { Bus, ConsumeOptions, RecordBatch } from './port.ts';

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

describe('partitioned processing', () => {
  it('handles a record once when a new owner reads a committed offset from before its predecessor', async () => {
    const memory = new MemoryBus();
    const bus = staleCoordinator(memory);
    await bus.createTopics([
      { topic: 'in', partitions: 1 },
      { topic: 'out', partitions: 1 },
      { topic: 'state', partitions: 1, compacted: true },
    ]);
    await bus.send(['a', 'b', 'c'].map((id) => ({ topic: 'in', partition: 0, key: id, value: Buffer.from(id) })));
    const handled: string[] = [];
    const subscription = runPartitioned({
      bus,
      groupId: 'echo',
      topics: ['in'],
      changelog: 'state',
      process: async (batch, store) => {
        handled.push(...batch.records.map((r) => r.value!.toString()));
        return { records: batch.records.map((r) => ({ topic: 'out', value: r.value })), changes: store.begin() };
      },
    });
    await subscription.ready;
    // Waits until the group has committed past the last input; the true coordinator knows.
    await expect
      .poll(async () => (await memory.committedOffsets('echo', 'in'))[0]?.offset, { timeout: 60_000 })
      .toBe('3');
    const echoed: string[] = [];
    await memory.replay('out', { offset: '0' }, (r) => void echoed.push(r.value!.toString()));
    await subscription.stop();
    expect(handled.sort()).toEqual(['a', 'b', 'c']);
    expect(echoed.sort()).toEqual(['a', 'b', 'c']);
  });
});
