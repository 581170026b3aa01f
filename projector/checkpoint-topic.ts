// Signed checkpoints leave the database: published to `<prefix>sg.audit-checkpoints`, they pin
// the chain head where a database superuser cannot reach, so truncating or rewriting the audit
// log behind a published checkpoint is caught. Kept forever (no retention, no compaction: every
// checkpoint matters, not only the latest). The value is canonical JSON, readable by any tool.
import type { Bus, ConsumedRecord, OutgoingRecord, TopicSpec } from '../bus/port.ts';
import { auditTopicConfig, type TopicNames } from '../bus/topics.ts';
import { canonicalJson } from './audit/canonical-json.ts';
import type { SignedCheckpoint } from './audit/checkpoint.ts';

/** A checkpoint as published: which projector schema's chain it pins, and the signed head. */
export interface PublishedCheckpoint extends SignedCheckpoint {
  readonly schema: string;
}

export function checkpointsTopic(names: TopicNames): string {
  return names.checkpoints;
}

export const checkpointsTopicSpec = (topic: string): TopicSpec => ({
  topic,
  partitions: 1,
  config: auditTopicConfig(),
});

export function checkpointRecord(
  topic: string,
  schema: string,
  checkpoint: SignedCheckpoint,
): OutgoingRecord {
  const { seq, hash, at, signature, keyId } = checkpoint;
  const value: PublishedCheckpoint = { schema, seq, hash, at, signature, keyId };
  return { topic, key: schema, value: Buffer.from(canonicalJson(value)) };
}

/** The checkpoint in a record, or null when the record is not one (foreign or damaged). */
export function parseCheckpointRecord(record: ConsumedRecord): PublishedCheckpoint | null {
  try {
    const value = JSON.parse(record.value?.toString('utf8') ?? 'null') as Partial<PublishedCheckpoint> | null;
    const fields = [value?.schema, value?.hash, value?.at, value?.signature, value?.keyId];
    if (!value || !Number.isSafeInteger(value.seq) || fields.some((field) => typeof field !== 'string')) {
      return null;
    }
    return value as PublishedCheckpoint;
  } catch {
    return null;
  }
}

/** Every checkpoint published for one schema's chain, in publishing order. */
export async function readPublishedCheckpoints(
  bus: Bus,
  topic: string,
  schema: string,
  fromOffset = '0',
): Promise<PublishedCheckpoint[]> {
  const published: PublishedCheckpoint[] = [];
  await bus.replay(topic, { offset: fromOffset }, (record) => {
    const checkpoint = parseCheckpointRecord(record);
    if (checkpoint?.schema === schema) published.push(checkpoint);
  });
  return published;
}
