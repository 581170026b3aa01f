import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory/index.ts';
import { kafkaRecordSource } from './kafka-records.ts';

async function topicWith(perPartition: number, partitions = 2) {
  const bus = new MemoryBus();
  await bus.createTopics([{ topic: 'decisions', partitions }]);
  for (let offset = 0; offset < perPartition; offset += 1) {
    for (let partition = 0; partition < partitions; partition += 1) {
      await bus.send([{ topic: 'decisions', partition, value: Buffer.from(`p${partition}@${offset}`) }]);
    }
  }
  return bus;
}

const text = (value: Buffer | null) => value?.toString() ?? null;

describe('reading the records audit rows point at', () => {
  it('serves rows asked for in chain order across partitions, with a small buffer', async () => {
    // Given two partitions of 50 records, and a source that buffers at most 5
    const bus = await topicWith(50);
    const source = kafkaRecordSource(bus, { maxBuffered: 5 });

    // When rows are asked for as a chain interleaves them: runs of ten per partition
    const asked: string[] = [];
    const read: (string | null)[] = [];
    for (let run = 0; run < 5; run += 1) {
      for (const partition of [1, 0]) {
        for (let offset = run * 10; offset < run * 10 + 10; offset += 1) {
          asked.push(`p${partition}@${offset}`);
          read.push(text(await source.fetchRecord('decisions', partition, String(offset))));
        }
      }
    }
    await source.close();

    // Then every record is the one at its coordinates
    expect(read).toEqual(asked);
  });

  it('answers null for offsets past the end, for gaps, and for a topic that does not exist', async () => {
    // Given a topic of 10 records per partition
    const bus = await topicWith(10);
    const source = kafkaRecordSource(bus);

    // When coordinates beyond the end and in an unknown topic are asked for, between real ones
    const answers = [
      text(await source.fetchRecord('decisions', 0, '3')),
      text(await source.fetchRecord('decisions', 0, '10')),
      text(await source.fetchRecord('decisions', 1, '9')),
      text(await source.fetchRecord('gone', 0, '0')),
    ];
    await source.close();

    // Then the missing ones are null, and the unknown topic is named
    expect(answers).toEqual(['p0@3', null, 'p1@9', null]);
    expect([...source.unreadable.keys()]).toEqual(['gone']);
  });

  it('goes back for a row whose offset lies behind what it has read', async () => {
    // Given a source that has read past offset 2 of partition 0
    const bus = await topicWith(10);
    const source = kafkaRecordSource(bus);
    const ahead = text(await source.fetchRecord('decisions', 0, '8'));

    // When an earlier offset is asked for, then a later one of the other partition
    const behind = text(await source.fetchRecord('decisions', 0, '2'));
    const other = text(await source.fetchRecord('decisions', 1, '1'));
    await source.close();

    // Then both are found
    expect([ahead, behind, other]).toEqual(['p0@8', 'p0@2', 'p1@1']);
  });
});
