// The bus port: what the gate, the agents and the projector need from a log. Two adapters
// implement it (Kafka through kafkajs, and an in-process log with the same semantics) and
// one conformance suite (test/bus.conformance.ts) holds both to it.
import type { BusHealth } from './health.ts';

export type Headers = Readonly<Record<string, Buffer>>;

/** A record read from the log. Offsets are decimal strings, as Kafka's are 64-bit. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Headers;
}

/** A record to append. Records with the same key land on the same partition, in order. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key?: string | Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  readonly partition?: number;
  readonly timestamp?: number;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** Compacted topics keep the latest record per key. */
  readonly compacted?: boolean;
  /** Copies of each partition; the broker's default when absent. */
  readonly replicationFactor?: number;
  readonly config?: Readonly<Record<string, string>>;
}

/** The next offset to read, per partition: what a consumer group commits. */
export interface OffsetCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** Records of one partition handed to a handler together, in offset order. */
export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  /**
   * Where the partition's next fetch starts: past these records and any transaction markers and
   * aborted records among or after them, which take offsets but are never handed over.
   */
  readonly nextOffset: string;
}

/** Appends and consumer offsets that become visible together or not at all. */
export interface Transaction {
  send(records: readonly OutgoingRecord[]): Promise<void>;
  sendOffsets(groupId: string, offsets: readonly OffsetCommit[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface TransactionalProducer {
  transaction(): Promise<Transaction>;
  close(): Promise<void>;
}

/** One partition of one topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Every member gets the same partition numbers of every subscribed topic (partition 3 of each
   * topic goes to one member), so state kept per partition number sees all its keys' records.
   * Every member of a group must agree on this.
   */
  readonly copartitioned?: boolean;
  /**
   * Called with this member's whole assignment each time the group gives it one (at join and
   * after every rebalance), before any batch of that assignment is handled; partitions absent
   * from it were revoked. Batches wait until it resolves, so it can restore partition state.
   */
  readonly onAssigned?: (assigned: readonly TopicPartition[]) => Promise<void> | void;
  /**
   * Batches of this many partitions may be handled at once (default 1: one at a time). The
   * handler then orders what must be ordered, e.g. per partition number.
   */
  readonly concurrency?: number;
  /** Where a group without committed offsets starts. Defaults to the earliest record. */
  readonly fromBeginning?: boolean;
  /**
   * 'after-handle': the offsets of a batch are committed once its handler resolves.
   * 'by-handler': the handler commits itself, inside a transaction (exactly-once).
   */
  readonly commit: 'after-handle' | 'by-handler';
  readonly handle: (batch: RecordBatch) => Promise<void>;
  /**
   * Also hand over, with no records, what a fetch held only transaction markers or aborted
   * records of, so a handler that stores its own positions moves past them: otherwise it stays
   * behind the topic's end offsets for good and looks stalled.
   */
  readonly handleEmpty?: boolean;
  /**
   * Called when the handler throws an error that is not retriable; the consumer stops after it.
   * Defaults to logging. A retriable failure (schemas/errors.ts) never stops a consumer: it backs
   * off, reports itself on the bus's health, and redelivers from the last commit.
   */
  readonly onCrash?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the consumer has joined its group and been assigned partitions. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Where a replay starts: an offset on every partition, or the first record at or after a time;
 * only the listed partitions when `partitions` is given.
 */
export type ReplayStart = ({ readonly offset: string } | { readonly timestamp: number }) & {
  readonly partitions?: readonly number[];
};

export interface Bus {
  readonly kind: 'kafka' | 'memory';
  /** Degraded while a consumer or producer of this bus is recovering; see bus/health.ts. */
  readonly health: BusHealth;
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Appends with an idempotent producer; resolves when the records are durable. */
  send(records: readonly OutgoingRecord[]): Promise<void>;
  transactionalProducer(transactionalId: string): Promise<TransactionalProducer>;
  consume(options: ConsumeOptions): Subscription;
  /** Reads committed records of a topic from a start point up to the end as of the call, without a group. */
  replay(
    topic: string,
    start: ReplayStart,
    handle: (record: ConsumedRecord) => Promise<void> | void,
  ): Promise<number>;
  /** Next offset to be written, per partition. */
  endOffsets(topic: string): Promise<readonly OffsetCommit[]>;
  /** The offsets a group has committed on a topic (partitions it never committed are absent). */
  committedOffsets(groupId: string, topic: string): Promise<readonly OffsetCommit[]>;
  close(): Promise<void>;
}
