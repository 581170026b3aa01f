// From Kafka records to one database transaction: decode, dead-letter what never decodes (and
// audit it as unapplied, bytes and reason), apply the rest with applyBatch together with the
// partition's next offset (so such a record is passed for good), then publish the checkpoints
// that transaction signed.
import type { Bus, ConsumedRecord } from '../bus/port.ts';
import { deadLetterFor } from '../bus/dead-letters.ts';
import { isRetriable } from '../schemas/errors.ts';
import type { Decision } from '../schemas/generated/types.ts';
import type { Codec } from '../schemas/codec.ts';
import { applyBatch, type BatchResult } from './apply-batch.ts';
import type { CheckpointSigning } from './audit/checkpoints.ts';
import type { CheckpointPublisher } from './checkpoint-publisher.ts';
import type { UnappliedRecord } from './audit/unapplied.ts';
import { asProjectorError } from './errors.ts';
import { partitionKey } from './offsets.ts';
import { payloadFacts } from './payload-facts.ts';
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
  /**
   * Applies records of one partition in offset order; records the database holds are skipped.
   * `through`, when given, is the position stored: past the transaction markers after them.
   */
  apply(records: readonly ConsumedRecord[], through?: string): Promise<AppliedBatch | null>;
  /**
   * Stores a position past offsets that hold no decision (transaction markers, aborted records),
   * so the stored positions reach the topic's end offsets when the projector is caught up.
   */
  pass(position: PartitionPosition): Promise<void>;
}

interface Sorted {
  readonly entries: DecisionEntry[];
  readonly undecodable: { readonly record: ConsumedRecord; readonly error: unknown }[];
}

/** A retriable failure (registry unreachable) is thrown, so the batch is redelivered, not lost. */
async function decodeAll(
  records: readonly ConsumedRecord[],
  codec: Codec,
  decode: (record: ConsumedRecord) => Promise<Decision>,
): Promise<Sorted> {
  const sorted: Sorted = { entries: [], undecodable: [] };
  for (const record of records) {
    try {
      const decision = await decode(record);
      const facts = await payloadFacts(codec, decision);
      const { topic, partition, offset, value, timestamp } = record;
      sorted.entries.push({
        decision,
        coordinates: { topic, partition, offset },
        raw: value,
        timestamp,
        facts,
      });
    } catch (error) {
      if (isRetriable(error)) throw error;
      sorted.undecodable.push({ record, error });
    }
  }
  return sorted;
}

const unapplicable = ({ record, error }: Sorted['undecodable'][number]): UnappliedRecord => ({
  coordinates: { topic: record.topic, partition: record.partition, offset: record.offset },
  raw: record.value,
  error: `the record does not decode as a decision: ${error instanceof Error ? error.message : String(error)}`,
  timestamp: record.timestamp,
});

export function recordApplier(options: ApplierOptions): RecordApplier {
  const next = new Map(options.stored.map((p) => [partitionKey(p.topic, p.partition), BigInt(p.nextOffset)]));
  const decode = (record: ConsumedRecord) => options.codec.decodeAs('swarmgate.v1.Decision', record.value);
  const target = { codec: options.codec, topic: options.dlqTopic, consumer: options.consumerName };

  const pass: RecordApplier['pass'] = async (position) => {
    const key = partitionKey(position.topic, position.partition);
    if (BigInt(position.nextOffset) <= (next.get(key) ?? 0n)) return;
    await applyBatch(options.db, options.schema, [], { group: options.group, positions: [position] }).catch(
      (error: unknown) => {
        throw asProjectorError(error);
      },
    );
    if (BigInt(position.nextOffset) > (next.get(key) ?? 0n)) next.set(key, BigInt(position.nextOffset));
  };

  return {
    pass,
    async apply(records, through) {
      const first = records[0];
      if (!first) return null;
      const { topic, partition } = first;
      const key = partitionKey(topic, partition);
      // Redelivered records the database already holds are skipped before decoding, so they are
      // neither decoded twice nor dead-lettered twice.
      const fresh = records.filter((record) => BigInt(record.offset) >= (next.get(key) ?? 0n));
      const last = fresh.at(-1);
      if (!last) {
        if (through !== undefined) await pass({ topic, partition, nextOffset: through });
        return null;
      }
      const { entries, undecodable } = await decodeAll(fresh, options.codec, decode);
      const deadLetters = await Promise.all(
        undecodable.map(({ record, error }) => deadLetterFor(target, record, error)),
      );
      await options.bus.send(deadLetters); // durable before their offsets are stored
      const after = BigInt(last.offset) + 1n;
      const nextOffset = (
        through !== undefined && BigInt(through) > after ? BigInt(through) : after
      ).toString();
      const result = await applyBatch(
        options.db,
        options.schema,
        entries,
        { group: options.group, positions: [{ topic, partition, nextOffset }] },
        { checkpoints: options.signing, unapplicable: undecodable.map(unapplicable) },
      ).catch((error: unknown) => {
        throw asProjectorError(error);
      });
      if (BigInt(nextOffset) > (next.get(key) ?? 0n)) next.set(key, BigInt(nextOffset));
      await options.publisher?.publish(result.checkpoints);
      return { ...result, topic, partition, deadLettered: deadLetters.length, nextOffset };
    },
  };
}
