// The in-process log on disk across restarts: a bus opened again on its directory continues
// where the last one stopped, and one killed mid-append leaves every batch whole or absent.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, valuesOf } from '../../test/support/collect.ts';
import { startChild } from '../../test/support/child.ts';
import type { ConsumedRecord } from '../port.ts';
import { LOCK_FILE } from './dir-lock.ts';
import { MemoryBus } from './index.ts';

const appender = fileURLToPath(new URL('../../test/fixtures/disk-log-appender.ts', import.meta.url));
const topic = 'persisted';

async function everything(bus: MemoryBus, name = topic): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  await bus.replay(name, { offset: '0' }, (record) => void records.push(record));
  return records;
}

const partitionDir = (dataDir: string, partition: number) =>
  join(dataDir, 'topics', topic, String(partition));
const segmentsOf = (dataDir: string, partition: number) =>
  readdirSync(partitionDir(dataDir, partition))
    .filter((file) => file.endsWith('.seg'))
    .sort();

describe('the in-process log on disk', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'swarmgate-disk-log-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens again with every record, end offset and committed group offset, and continues after them', async () => {
    const first = new MemoryBus({ dataDir });
    await first.createTopics([{ topic, partitions: 3, compacted: true }]);
    await first.send(
      ['a', 'b', 'c', 'd'].map((key, i) => ({
        topic,
        key,
        value: Buffer.from(`v${i}`),
        headers: { traceparent: `tp-${i}` },
        timestamp: 1_700_000_000_000 + i,
      })),
    );
    await first.send([{ topic, key: 'tombstone', value: null }]);
    const producer = await first.transactionalProducer('tx');
    const tx = await producer.transaction();
    await tx.send([{ topic, key: 'a', value: Buffer.from('in-tx') }]);
    await tx.sendOffsets('tx-group', [{ topic, partition: 1, offset: '2' }]);
    await tx.commit();
    const reader = collect(first, 'reader', [topic]);
    await reader.until((seen) => seen.length === 6);
    await reader.stop();
    const before = { records: await everything(first), ends: await first.endOffsets(topic) };
    await first.close();

    const second = new MemoryBus({ dataDir });
    await second.createTopics([{ topic, partitions: 3 }]); // already there: kept as it was

    expect(await everything(second)).toEqual(before.records);
    expect(await second.endOffsets(topic)).toEqual(before.ends);
    expect(await second.committedOffsets('tx-group', topic)).toEqual([{ topic, partition: 1, offset: '2' }]);
    const committed = await second.committedOffsets('reader', topic);
    expect(committed).toEqual(before.ends.filter((end) => end.offset !== '0'));
    await second.send([{ topic, key: 'a', value: Buffer.from('after restart') }]);
    const resumed = await collect(second, 'reader', [topic]).until((seen) => seen.length === 1);
    expect(valuesOf(resumed)).toEqual(['after restart']);
    const partitionOfA = before.records.find((r) => r.key?.toString() === 'a')!.partition;
    expect(resumed[0]).toMatchObject({
      partition: partitionOfA,
      offset: before.ends[partitionOfA]!.offset,
    });
    await second.close();
  });

  it('rolls segments and reads every one back, fsynced when asked', async () => {
    const first = new MemoryBus({ dataDir, segmentBytes: 1024, fsync: true });
    await first.createTopics([{ topic, partitions: 1 }]);
    for (let i = 0; i < 50; i += 1) await first.send([{ topic, key: 'k', value: Buffer.alloc(100, i) }]);
    await first.close();

    expect(segmentsOf(dataDir, 0).length).toBeGreaterThan(5);
    const second = new MemoryBus({ dataDir, segmentBytes: 1024 });
    const records = await everything(second);
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(records.every((r, i) => r.value!.equals(Buffer.alloc(100, i)))).toBe(true);
    await second.close();
  });

  it('drops a batch whose commit frame was cut short, on every partition it wrote, and a damaged tail', async () => {
    const first = new MemoryBus({ dataDir });
    await first.createTopics([{ topic, partitions: 3 }]);
    await first.send([0, 1, 2].map((partition) => ({ topic, partition, value: Buffer.from('kept') })));
    await first.send([0, 1, 2].map((partition) => ({ topic, partition, value: Buffer.from('torn') })));
    await first.close();
    const journal = join(dataDir, 'commits.log');
    truncateSync(journal, statSync(journal).size - 3); // the second batch's commit never completed
    const lastSegment = join(partitionDir(dataDir, 0), segmentsOf(dataDir, 0).at(-1)!);
    appendFileSync(lastSegment, Buffer.from([1, 2, 3, 4, 5])); // half a frame

    const second = new MemoryBus({ dataDir });
    expect(valuesOf(await everything(second))).toEqual(['kept', 'kept', 'kept']);
    await second.send([{ topic, partition: 0, value: Buffer.from('next') }]);
    await second.close();
    const third = new MemoryBus({ dataDir });
    const partition0 = (await everything(third)).filter((r) => r.partition === 0);
    expect(partition0.map((r) => [r.offset, r.value!.toString()])).toEqual([
      ['0', 'kept'],
      ['1', 'next'],
    ]);
    await third.close();
  });

  it('is refused to a second bus while one holds it, and taken over from a process that died', async () => {
    const holder = new MemoryBus({ dataDir });
    expect(() => new MemoryBus({ dataDir })).toThrow(/in use by process \d+/);
    await holder.close();

    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dataDir, LOCK_FILE), `${dead}\n`);
    const next = new MemoryBus({ dataDir });
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await next.close();
  });

  it('is taken over from a killed process nobody has reaped yet (a zombie)', async () => {
    // sh starts a short sleep, then becomes a long one that never reaps it: the short one is a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
      const pid = Number(line);
      await expect.poll(() => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0]).toBe('Z');
      writeFileSync(join(dataDir, LOCK_FILE), `${pid}\n`);

      const next = new MemoryBus({ dataDir });

      expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
      await next.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('keeps, after a SIGKILL mid-stream, every acknowledged transaction whole and no part of another', async () => {
    const child = startChild(appender, {}, [dataDir, topic]);
    await child.waitForLine(/^committed 300$/);
    await child.kill('SIGKILL');
    const acknowledged = Math.max(
      ...child.lines.map((line) => Number(/^committed (\d+)$/.exec(line)?.[1] ?? -1)),
    );

    const bus = new MemoryBus({ dataDir, segmentBytes: 16 * 1024 });
    const records = await everything(bus);
    const byPartition = [0, 1, 2].map((p) =>
      records.filter((r) => r.partition === p).map((r) => r.key!.toString()),
    );
    const batches = byPartition[0]!.length;

    expect(batches).toBeGreaterThan(acknowledged); // acknowledged ones are numbered from 0
    for (const keys of byPartition)
      expect(keys).toEqual(Array.from({ length: batches }, (_, batch) => `batch-${batch}`));
    expect(await bus.committedOffsets('appender', topic)).toEqual([
      { topic, partition: 0, offset: String(batches) },
    ]);
    expect(segmentsOf(dataDir, 0).length).toBeGreaterThan(1);
    await bus.close();
  });
});
