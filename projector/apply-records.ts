// From Kafka records to one database transaction: decode, dead-letter what never decodes,
// apply the rest with applyBatch together with the partition's next offset (so a dead-lettered
// record is passed for good), then publish the checkpoints that transaction signed.
import type { Bus, ConsumedRecord } from '../bus/port.ts';
import { decodeOrDeadLetter } from '../bus/dead-letters.ts';
import type { Codec } from '../schemas/codec.ts';
import { applyBatch, type BatchResult } from './apply-batch.ts';
import type { CheckpointSigning } from './audit/checkpoints.ts';
import type { CheckpointPublisher } from './checkpoint-publisher.ts';
import { ProjectorError } from './errors.ts';
import { partitionKey } from './offsets.ts';
import type { Db } from './store/db.ts';
import type { DecisionEntry, PartitionPosition } from './types.ts';

export interface AppliedBatch extends BatchResult {
  readonly topic: string;
  readonly partition: number;
  readonly deadLettered: number;
  readonly nextOffset: string;
}

export interface ApplierOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly db: Db;
  readonly schema: string;
  /** The group whose positions the database stores. */
  readonly group: string;
  readonly dlqTopic: string;
  /** Named in dead letters as the consumer that gave up. */
  readonly consumerName: string;
  /** Where the database says each partition resumes. */
  readonly stored: readonly PartitionPosition[];
  readonly signing?: CheckpointSigning;
  readonly publisher?: CheckpointPublisher;
}

export interface RecordApplier {
  /** Applies records of one partition in offset order; records the database holds are skipped. */
  apply(records: readonly ConsumedRecord[]): Promise<AppliedBatch | null>;
}

// Serialization failures and deadlocks: the same batch succeeds when tried again.
const RETRIABLE_SQLSTATES = new Set(['40001', '40P01']);

function retriableOrAsIs(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && RETRIABLE_SQLSTATES.has(code)) {
    return new ProjectorError(`database asked to retry (${code}): ${(error as Error).message}`, true);
  }
  return error;
}

export function recordApplier(options: ApplierOptions): RecordApplier {
  const next = new Map(options.stored.map((p) => [partitionKey(p.topic, p.partition), BigInt(p.nextOffset)]));
  const decode = (record: ConsumedRecord) => options.codec.decodeAs('swarmgate.v1.Decision', record.value);
  const target = { codec: options.codec, topic: options.dlqTopic, consumer: options.consumerName };

  return {
    async apply(records) {
      const first = records[0];
      if (!first) return null;
      const { topic, partition } = first;
      const key = partitionKey(topic, partition);
      // Redelivered records the database already holds are skipped before decoding, so they are
      // neither decoded twice nor dead-lettered twice.
      const fresh = records.filter((record) => BigInt(record.offset) >= (next.get(key) ?? 0n));
      const last = fresh.at(-1);
      if (!last) return null;
      const { decoded, deadLetters } = await decodeOrDeadLetter(fresh, decode, target);
      await options.bus.send(deadLetters); // durable before their offsets are stored
      const entries: DecisionEntry[] = decoded.map(({ record, value }) => ({
        decision: value,
        coordinates: { topic, partition, offset: record.offset },
      }));
      const nextOffset = (BigInt(last.offset) + 1n).toString();
      const result = await applyBatch(
        options.db,
        options.schema,
        entries,
        { group: options.group, positions: [{ topic, partition, nextOffset }] },
        { checkpoints: options.signing },
      ).catch((error: unknown) => {
        throw retriableOrAsIs(error);
      });
      if (BigInt(nextOffset) > (next.get(key) ?? 0n)) next.set(key, BigInt(nextOffset));
      await options.publisher?.publish(result.checkpoints);
      return { ...result, topic, partition, deadLettered: deadLetters.length, nextOffset };
    },
  };
}
