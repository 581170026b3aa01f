import { afterEach, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { startChild, type Child } from './support/child.ts';
import { collect, valuesOf } from './support/collect.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

const transformer = new URL('./fixtures/transformer.ts', import.meta.url).pathname;

describe('exactly-once consume-transform-produce on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const children: Child[] = [];
  afterEach(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await bus.close();
  });

  it('a process killed with SIGKILL mid-transaction and restarted leaves no duplicates and no gaps', async () => {
    // Given a transformer that committed its first transaction and hangs inside its second
    const [input, output, group] = [uniqueName('eos-in'), uniqueName('eos-out'), uniqueName('eos-group')];
    await bus.createTopics([
      { topic: input, partitions: 1 },
      { topic: output, partitions: 1 },
    ]);
    const env = { KAFKA_BROKERS: services.brokers.join(','), INPUT: input, OUTPUT: output, GROUP: group };
    const send = (values: string[]) =>
      bus.send(values.map((value) => ({ topic: input, key: 'k', value: Buffer.from(value) })));
    const first = startChild(transformer, { ...env, HANG_AT_COMMIT: '2' });
    children.push(first);
    await first.waitForLine(/READY/);
    const reader = collect(bus, uniqueName('reader'), [output]);
    await send(Array.from({ length: 100 }, (_, i) => `r${i}`));
    await reader.until((r) => r.length === 100);
    await send(Array.from({ length: 200 }, (_, i) => `r${100 + i}`));

    // When it is killed with SIGKILL while its transaction is open, and a new instance takes over
    await first.waitForLine(/HANGING-IN-TRANSACTION/);
    await first.kill('SIGKILL');
    const second = startChild(transformer, env);
    children.push(second);
    await second.waitForLine(/READY/);
    await send(['end']);

    // Then a read_committed reader sees every output exactly once, in order
    const seen = await reader.until((r) => valuesOf(r).includes('END'));
    const expected = [...Array.from({ length: 300 }, (_, i) => `R${i}`), 'END'];
    expect(valuesOf(seen)).toEqual(expected);
  });
});
