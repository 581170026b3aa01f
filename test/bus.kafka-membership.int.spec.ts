import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { lowLatencyConsumer } from '../bus/kafka/config.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

describe('a Kafka consumer whose handler outlasts the session timeout', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  afterAll(() => bus.close());

  it('stays in its group, so the batch is handled once and committed', async () => {
    // Given a record, and a handler that takes longer than the group's session timeout
    // (a slow model call, a large batch): the slowness is the scenario, not a wait for a condition
    const topic = uniqueName('slow-handler');
    const groupId = uniqueName('slow-group');
    await bus.createTopics([{ topic, partitions: 1 }]);
    await bus.send([{ topic, key: 'k', value: Buffer.from('slow') }]);
    const handled: string[] = [];
    const crashes: unknown[] = [];

    // When it is consumed
    const subscription = bus.consume({
      groupId,
      topics: [topic],
      commit: 'after-handle',
      onCrash: (error) => crashes.push(error),
      handle: async (batch) => {
        handled.push(...batch.records.map((record) => record.offset));
        if (handled.length === 1) await delay(lowLatencyConsumer.sessionTimeout + 3_000);
      },
    });
    await subscription.ready;
    const isCommitted = async () =>
      (await bus.committedOffsets(groupId, topic)).some((c) => c.offset === '1');
    while (!(await isCommitted()) && crashes.length === 0) await delay(200);
    await subscription.stop();

    // Then the member kept its assignment through the handler: no rebalance, no redelivery
    expect(crashes).toEqual([]);
    expect(handled).toEqual(['0']);
  }, 60_000);
});
