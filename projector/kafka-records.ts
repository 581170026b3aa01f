// The Kafka record at an audit row's coordinates, for verifyAudit's cross-check. A replay per
// row would join a throw-away consumer group per row (~85 ms each: over an hour for 50,000
// rows), so each topic is read once, in step with the chain walk: verifyAudit asks in chain
// order, which is offset order within a partition. Records wait in a bounded buffer until
// asked for and are dropped once the walk has passed them. A request behind the stream (rows
// out of offset order) restarts the topic's stream from that offset.
import type { Bus, ConsumedRecord } from '../bus/port.ts';

export interface RecordSource {
  /** The record's value, or null when no record is at those coordinates (any more). */
  fetchRecord(topic: string, partition: number, offset: string): Promise<Buffer | null>;
  /** Topics that could not be read at all (e.g. deleted), with the reason. */
  readonly unreadable: ReadonlyMap<string, string>;
  /** Lets the streams drain and waits for them. */
  close(): Promise<void>;
}

const BEHIND = Symbol('behind');

const isUnknownTopic = (error: unknown): boolean =>
  /does not host this topic-partition|UNKNOWN_TOPIC|topic \S+ does not exist/i.test(
    String((error as Error | undefined)?.message ?? error),
  );

/** Resolves on the next change of a stream's buffer or state; handler and fetcher both wait on it. */
class Changes {
  private resolve: () => void = () => {};
  private next = this.fresh();
  private fresh(): Promise<void> {
    return new Promise<void>((resolve) => (this.resolve = resolve));
  }
  notify(): void {
    this.resolve();
    this.next = this.fresh();
  }
  wait(): Promise<void> {
    return this.next;
  }
}

class TopicStream {
  private readonly buffers = new Map<number, ConsumedRecord[]>();
  /** The highest offset delivered so far, per partition. */
  private readonly reached = new Map<number, bigint>();
  /** The highest offset asked for so far, per partition. */
  private readonly asked = new Map<number, bigint>();
  private readonly changes = new Changes();
  private buffered = 0;
  private hungry = false;
  private abandoned = false;
  private finished = false;
  private failure: unknown;
  readonly running: Promise<void>;

  constructor(
    bus: Bus,
    topic: string,
    readonly from: bigint,
    private readonly maxBuffered: number,
  ) {
    this.running = bus
      .replay(topic, { offset: from.toString() }, (record) => this.accept(record))
      .then(
        () => undefined,
        (error: unknown) => void (this.failure = error),
      )
      .finally(() => {
        this.finished = true;
        this.changes.notify();
      });
  }

  /** Why the topic could not be read, once the stream has given up. */
  get unreadableReason(): string | null {
    return this.finished && this.failure !== undefined && isUnknownTopic(this.failure)
      ? String((this.failure as Error).message ?? this.failure)
      : null;
  }

  abandon(): void {
    this.abandoned = true;
    this.changes.notify();
  }

  private async accept(record: ConsumedRecord): Promise<void> {
    if (this.abandoned) return;
    const buffer = this.buffers.get(record.partition) ?? [];
    buffer.push(record);
    this.buffers.set(record.partition, buffer);
    this.reached.set(record.partition, BigInt(record.offset));
    this.buffered += 1;
    this.changes.notify();
    // Back-pressure, except while the walk waits for a record further on.
    while (this.buffered >= this.maxBuffered && !this.hungry && !this.abandoned) await this.changes.wait();
  }

  /** Drops what the walk has passed; returns the record at `offset` if it is next. */
  private take(partition: number, offset: bigint): ConsumedRecord | undefined {
    const buffer = this.buffers.get(partition) ?? [];
    let passed = 0;
    while (passed < buffer.length && BigInt(buffer[passed]!.offset) < offset) passed += 1;
    const found = buffer[passed] && BigInt(buffer[passed]!.offset) === offset ? buffer[passed] : undefined;
    const dropped = passed + (found ? 1 : 0);
    if (dropped > 0) {
      buffer.splice(0, dropped);
      this.buffered -= dropped;
      this.changes.notify();
    }
    return found;
  }

  async fetch(partition: number, offset: bigint): Promise<Buffer | null | typeof BEHIND> {
    if (offset < this.from || offset <= (this.asked.get(partition) ?? -1n)) return BEHIND;
    this.asked.set(partition, offset);
    for (;;) {
      const found = this.take(partition, offset);
      if (found) return found.value;
      const passedBy =
        (this.buffers.get(partition)?.length ?? 0) > 0 || (this.reached.get(partition) ?? -1n) >= offset;
      if (passedBy) return null;
      if (this.finished) {
        if (this.failure !== undefined && !isUnknownTopic(this.failure))
          throw this.failure instanceof Error ? this.failure : new Error(JSON.stringify(this.failure));
        return null;
      }
      this.hungry = true;
      this.changes.notify();
      await this.changes.wait();
      this.hungry = false;
    }
  }
}

export function kafkaRecordSource(bus: Bus, options: { readonly maxBuffered?: number } = {}): RecordSource {
  const maxBuffered = options.maxBuffered ?? 10_000;
  const streams = new Map<string, TopicStream>();
  const all: TopicStream[] = [];
  const unreadable = new Map<string, string>();
  const startAt = (topic: string, from: bigint) => {
    streams.get(topic)?.abandon();
    const stream = new TopicStream(bus, topic, from, maxBuffered);
    streams.set(topic, stream);
    all.push(stream);
    return stream;
  };

  return {
    unreadable,
    async fetchRecord(topic, partition, offsetText) {
      if (unreadable.has(topic)) return null;
      const offset = BigInt(offsetText);
      let result = await (streams.get(topic) ?? startAt(topic, 0n)).fetch(partition, offset);
      if (result === BEHIND) result = await startAt(topic, offset).fetch(partition, offset);
      const reason = streams.get(topic)?.unreadableReason;
      if (reason) unreadable.set(topic, reason);
      return result === BEHIND ? null : result;
    },
    async close() {
      for (const stream of all) stream.abandon();
      await Promise.all(all.map((stream) => stream.running));
    },
  };
}
