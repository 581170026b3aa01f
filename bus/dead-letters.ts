import { randomUUID } from 'node:crypto';
import type { Codec } from '../schemas/codec.ts';
import { DecodeError, isRetriable } from '../schemas/errors.ts';
import type { ConsumedRecord, OutgoingRecord } from './port.ts';

export interface DeadLetterTarget {
  readonly codec: Codec;
  readonly topic: string;
  /** The consumer group that gives up on the record, for the operator. */
  readonly consumer: string;
}

/** A DecodeError's code, or the code another error names itself by (e.g. UNTRUSTED). */
function errorCode(error: unknown): string {
  if (error instanceof DecodeError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'PROCESSING_FAILED';
}

/** The sg.dlq record for a source record: original bytes, the error, and where it came from. */
export async function deadLetterFor(
  target: DeadLetterTarget,
  record: ConsumedRecord,
  error: unknown,
  now = Date.now(),
): Promise<OutgoingRecord> {
  const value = await target.codec.encode('swarmgate.v1.DeadLetter', {
    id: randomUUID(),
    sourceTopic: record.topic,
    sourcePartition: record.partition,
    sourceOffset: Number(record.offset),
    sourceTimestamp: record.timestamp,
    consumer: target.consumer,
    errorCode: errorCode(error),
    error: error instanceof Error ? error.message : String(error),
    key: record.key,
    value: record.value,
    headers: record.headers,
    failedAt: now,
  });
  return { topic: target.topic, key: `${record.topic}/${record.partition}/${record.offset}`, value };
}

export interface Sorted<T> {
  readonly decoded: { readonly record: ConsumedRecord; readonly value: T }[];
  readonly deadLetters: OutgoingRecord[];
}

/**
 * Decodes every record of a batch. A record that can never decode becomes a dead letter; a
 * retriable failure (registry unreachable) is thrown, so the batch is redelivered, not lost.
 */
export async function decodeOrDeadLetter<T>(
  records: readonly ConsumedRecord[],
  decode: (record: ConsumedRecord) => Promise<T>,
  target: DeadLetterTarget,
): Promise<Sorted<T>> {
  const sorted: Sorted<T> = { decoded: [], deadLetters: [] };
  for (const record of records) {
    try {
      sorted.decoded.push({ record, value: await decode(record) });
    } catch (error) {
      if (isRetriable(error)) throw error;
      sorted.deadLetters.push(await deadLetterFor(target, record, error));
    }
  }
  return sorted;
}
