// Records a consumer group has yet to handle, per partition: the topic's end offsets against the
// later of the group's committed offset and the position this process's own consumer reached.
// The committed offset of a batch is its last record + 1, so on a topic written in transactions
// it stays behind the commit marker that follows; the position a fetch reached is past it.
import { Gauge, type Registry } from 'prom-client';
import type { Bus, RecordBatch } from './port.ts';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

const key = (topic: string, partition: number) => `${topic}/${partition}`;

/** Where this process's consumer of a group got to, per partition: batches' next offsets. */
export class ConsumerPositions {
  private readonly next = new Map<string, bigint>();

  /** A batch whose outcome is committed: the group will not read before its next offset again. */
  passed(batch: Pick<RecordBatch, 'topic' | 'partition' | 'nextOffset'>): void {
    const at = BigInt(batch.nextOffset);
    const id = key(batch.topic, batch.partition);
    if (at > (this.next.get(id) ?? 0n)) this.next.set(id, at);
  }

  of(topic: string, partition: number): bigint {
    return this.next.get(key(topic, partition)) ?? 0n;
  }
}

export async function groupLag(
  bus: Bus,
  group: string,
  topics: readonly string[],
  positions?: ConsumerPositions,
): Promise<PartitionLag[]> {
  const perTopic = await Promise.all(
    topics.map(async (topic) => {
      const [ends, committed] = await Promise.all([
        bus.endOffsets(topic),
        bus.committedOffsets(group, topic),
      ]);
      const at = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
      return ends.map(({ partition, offset }) => {
        const own = positions?.of(topic, partition) ?? 0n;
        const done = [at.get(partition) ?? 0n, own].reduce((a, b) => (a > b ? a : b));
        const behind = BigInt(offset) - done;
        return { topic, partition, lag: behind > 0n ? Number(behind) : 0 };
      });
    }),
  );
  return perTopic.flat();
}

/** A consumer group whose lag a gauge reports, how to read it, and the labels naming its consumer. */
export interface LagWatch {
  readonly group: string;
  readonly read: () => Promise<readonly PartitionLag[]>;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface LagGauge {
  /** Reports the group's lag on every scrape until the returned function is called. */
  watch(watch: LagWatch): () => void;
}

/**
 * A gauge of records waiting, labelled by group, topic and partition, read at each scrape. A
 * group that cannot be read now (Kafka unreachable) is left out of that scrape: the process's
 * swarmgate_<component>_kafka_degraded says why.
 */
export function lagGauge(
  registry: Registry,
  name: string,
  help: string,
  extraLabels: readonly string[] = [],
): LagGauge {
  const watched = new Set<LagWatch>();
  const read = async (watch: LagWatch) => {
    const rows = await watch.read().catch(() => []);
    return rows.map((row) => ({ watch, row }));
  };
  new Gauge({
    name,
    help,
    labelNames: ['group', 'topic', 'partition', ...extraLabels],
    registers: [registry],
    async collect() {
      const readings = (await Promise.all([...watched].map(read))).flat();
      this.reset();
      for (const { watch, row } of readings) {
        const labels = {
          ...watch.labels,
          group: watch.group,
          topic: row.topic,
          partition: String(row.partition),
        };
        this.set(labels, row.lag);
      }
    },
  });
  return {
    watch(watch) {
      watched.add(watch);
      return () => watched.delete(watch);
    },
  };
}
