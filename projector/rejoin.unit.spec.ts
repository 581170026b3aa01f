import { describe, expect, it } from 'vitest';
import type { Bus, ConsumeOptions, RecordBatch } from '../bus/port.ts';
import { consumeRejoining } from './rejoin.ts';

/** A bus whose consumers the test drives: deliver a batch, or fail the group. */
function drivenBus() {
  const consumers: { options: ConsumeOptions; stopped: boolean }[] = [];
  const bus = {
    consume(options: ConsumeOptions) {
      const consumer = { options, stopped: false };
      consumers.push(consumer);
      return {
        ready: Promise.resolve(),
        stop: () => {
          consumer.stopped = true;
          return Promise.resolve();
        },
      };
    },
  } as unknown as Bus;
  const latest = () => consumers.at(-1)!;
  const batch: RecordBatch = { topic: 't', partition: 0, records: [], nextOffset: '0' };
  return {
    bus,
    consumers,
    deliver: () => latest().options.handle(batch),
    failGroup: (error: Error) => latest().options.onCrash?.(error),
    settle: () => new Promise((resolve) => setImmediate(resolve)),
  };
}

const base = { groupId: 'g', topics: ['t'], commit: 'after-handle' as const };

describe('a projector consumer that lost its Kafka group', () => {
  it('rejoins on group errors and stops on errors from applying', async () => {
    // Given a rejoining consumer that has joined
    const driven = drivenBus();
    const crashes: unknown[] = [];
    const rejoins: unknown[] = [];
    const handleError = new Error('duplicate key');
    let failApply = false;
    const subscription = consumeRejoining(driven.bus, {
      ...base,
      handle: () => (failApply ? Promise.reject(handleError) : Promise.resolve()),
      onCrash: (error) => crashes.push(error),
      onRejoin: (error) => rejoins.push(error),
    });
    await subscription.ready;
    await driven.settle();

    // When the group is lost twice, then applying fails
    driven.failGroup(new Error('The coordinator is not aware of this member'));
    await driven.settle();
    driven.failGroup(new Error('The group is rebalancing'));
    await driven.settle();
    failApply = true;
    await driven.deliver().catch((error: unknown) => driven.consumers.at(-1)!.options.onCrash?.(error));
    await subscription.stop();

    // Then it rejoined twice, each time with a fresh consumer, and gave up only on the apply error
    expect(rejoins).toHaveLength(2);
    expect(driven.consumers).toHaveLength(3);
    expect(driven.consumers.every((consumer) => consumer.stopped)).toBe(true);
    expect(crashes).toEqual([handleError]);
  });

  it('gives up after too many rejoins without an applied batch', async () => {
    // Given a rejoining consumer allowed two rejoins without progress
    const driven = drivenBus();
    const crashes: unknown[] = [];
    const subscription = consumeRejoining(driven.bus, {
      ...base,
      handle: () => Promise.resolve(),
      onCrash: (error) => crashes.push(error),
      maxRejoins: 2,
    });
    await subscription.ready;
    await driven.settle();

    // When the group fails three times in a row, with a batch applied only before the first
    await driven.deliver();
    for (let failure = 1; failure <= 3; failure += 1) {
      driven.failGroup(new Error(`group failure ${failure}`));
      await driven.settle();
    }
    await subscription.stop();

    // Then the third failure stops it
    expect(driven.consumers).toHaveLength(3);
    expect(crashes).toEqual([new Error('group failure 3')]);
  });
});
