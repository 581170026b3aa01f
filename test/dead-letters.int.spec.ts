import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOrDeadLetter } from '../bus/dead-letters.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import type { OutgoingRecord } from '../bus/port.ts';
import { runExactlyOnce } from '../bus/processor.ts';
import { Codec } from '../schemas/codec.ts';
import { collect } from './support/collect.ts';
import { transactionEnvelopeBytes } from './support/envelopes.ts';
import { hostileRecords } from './support/hostile.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

// Produce requests stay under the broker's 2 MiB limit: oversize records travel alone.
function chunksUnder(values: (Buffer | null)[], bytes: number): (Buffer | null)[][] {
  const chunks: (Buffer | null)[][] = [[]];
  let size = 0;
  for (const value of values) {
    const length = value?.length ?? 0;
    if (size + length > bytes && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(value);
    size += length;
  }
  return chunks;
}

describe('dead letters on Kafka', () => {
  const codec = Codec.connect(services.registryUrl);
  const bus = new KafkaBus({ brokers: services.brokers });
  beforeAll(() => codec.registerAll());
  afterAll(() => bus.close());

  it('sends each of 1,000 hostile records to the DLQ with its reason and delivers every valid one', async () => {
    // Given 1,000 hostile records interleaved with 500 valid envelopes
    const [input, output, dlq, group] = [
      uniqueName('dlq-in'),
      uniqueName('dlq-out'),
      uniqueName('dlq'),
      uniqueName('dlq-group'),
    ];
    await bus.createTopics([input, output, dlq].map((topic) => ({ topic, partitions: 1 })));
    const valid = await Promise.all(
      Array.from({ length: 500 }, (_, i) => transactionEnvelopeBytes(codec, { amountMinor: i })),
    );
    const wrongRecord = await codec.encode('swarmgate.v1.ControlCommand', {
      id: 'c',
      kind: 'KILL',
      target: '*',
      reason: 'r',
      issuedBy: 'ops',
      issuedAt: 1,
      policyVersion: null,
    });
    const hostile = hostileRecords(1000, valid[0]!, wrongRecord);
    const mixed = hostile.flatMap((record, i) =>
      i % 2 === 0 && valid[i / 2] ? [record.value, valid[i / 2]!] : [record.value],
    );
    for (const chunk of chunksUnder(mixed, 1024 * 1024)) {
      await bus.send(chunk.map((value) => ({ topic: input, key: 'k', value })));
    }

    // When an exactly-once consumer decodes every record
    const target = { codec, topic: dlq, consumer: group };
    let crashed: unknown = null;
    const processor = runExactlyOnce({
      bus,
      groupId: group,
      topics: [input],
      transactionalIdPrefix: group,
      onCrash: (error) => (crashed = error),
      process: async (batch) => {
        const sorted = await decodeOrDeadLetter(
          batch.records,
          (r) => codec.decodeAs('swarmgate.v1.Envelope', r.value),
          target,
        );
        const forwarded: OutgoingRecord[] = sorted.decoded.map(({ record }) => ({
          topic: output,
          key: record.key,
          value: record.value,
        }));
        return [...forwarded, ...sorted.deadLetters];
      },
    });
    const dead = collect(bus, uniqueName('dlq-reader'), [dlq]);
    const delivered = await collect(bus, uniqueName('out-reader'), [output]).until((r) => r.length === 500);
    const deadLetters = await dead.until((r) => r.length === 1000);
    await processor.stop();

    // Then every valid record is delivered in order and every hostile one is in the DLQ with a reason
    expect(crashed).toBeNull();
    expect(delivered.map((r) => r.value)).toEqual(valid);
    const letters = await Promise.all(
      deadLetters.map((r) => codec.decodeAs('swarmgate.v1.DeadLetter', r.value, Infinity)),
    );
    const byOriginal = new Map(letters.map((letter) => [letter.value?.toString('hex') ?? 'null', letter]));
    for (const record of hostile) {
      const letter = byOriginal.get(record.value?.toString('hex') ?? 'null');
      expect(letter, record.kind).toBeDefined();
      expect(letter!.sourceTopic).toBe(input);
      expect(letter!.error.length, record.kind).toBeGreaterThan(0);
      if (record.expectedCode) expect(letter!.errorCode, record.kind).toBe(record.expectedCode);
    }
  });
});
