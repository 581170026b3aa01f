import type { KafkaMessage, Message } from 'kafkajs';
import type { ConsumedRecord, Headers, OutgoingRecord } from '../port.ts';

export function toKafkaMessage(record: OutgoingRecord): Message {
  return {
    key: record.key ?? null,
    value: record.value,
    headers: record.headers ? { ...record.headers } : undefined,
    partition: record.partition,
    timestamp: record.timestamp === undefined ? undefined : String(record.timestamp),
  };
}

/** Groups outgoing records by topic, keeping their order, as kafkajs sendBatch wants them. */
export function byTopic(records: readonly OutgoingRecord[]): { topic: string; messages: Message[] }[] {
  const groups = new Map<string, Message[]>();
  for (const record of records) {
    const messages = groups.get(record.topic) ?? [];
    messages.push(toKafkaMessage(record));
    groups.set(record.topic, messages);
  }
  return [...groups].map(([topic, messages]) => ({ topic, messages }));
}

function toHeaders(headers: KafkaMessage['headers']): Headers {
  const result: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = Buffer.isBuffer(first) ? first : Buffer.from(first);
  }
  return result;
}

export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
    key: message.key,
    value: message.value,
    headers: toHeaders(message.headers),
  };
}
