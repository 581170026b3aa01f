// A record on sg.decisions the projector could not apply (it does not decode, or the database
// refuses its values: U+0000 in a text column, an over-long key, a violated constraint) still
// gets its place in the chain: an audit row holding the record's exact bytes and the reason, so
// nothing on the topic goes unaudited and verify can compare the bytes with Kafka. It belongs to
// no workflow: its identifiers are exactly what could not be trusted or stored.
import { canonicalJson } from './canonical-json.ts';
import type { AuditEntry } from './append.ts';
import type { KafkaCoordinates } from '../types.ts';

export interface UnappliedRecord {
  readonly coordinates: KafkaCoordinates;
  /** The record's value as it is on Kafka; null for a record without one. */
  readonly raw: Buffer | null;
  readonly error: string;
  /** The Kafka record's timestamp, epoch ms. */
  readonly timestamp: number;
}

export interface UnappliedContent {
  readonly error: string;
  /** The record's value, base64. */
  readonly raw: string | null;
}

export const UNAPPLIED_EVENT_TYPE = 'incident.DecisionUnapplied';

export const unappliedId = ({ topic, partition, offset }: KafkaCoordinates): string =>
  `unapplied:${topic}/${partition}/${offset}`;

/** Messages from PostgreSQL or the decoder may quote the offending text: keep them storable. */
const storable = (text: string): string => text.replaceAll('\u0000', '\\u0000').slice(0, 2000);

export function unappliedEntry(record: UnappliedRecord): AuditEntry {
  const content: UnappliedContent = {
    error: storable(record.error),
    raw: record.raw ? record.raw.toString('base64') : null,
  };
  return {
    decisionId: unappliedId(record.coordinates),
    correlationId: '',
    coordinates: record.coordinates,
    decidedAt: new Date(record.timestamp).toISOString(),
    canonical: canonicalJson({ unapplied: content }),
  };
}

/** The content of an unapplied row's canonical JSON, or null when the row holds a decision. */
export function parseUnapplied(canonical: string): UnappliedContent | null {
  if (!canonical.startsWith('{"unapplied":')) return null;
  const parsed = JSON.parse(canonical) as { unapplied?: UnappliedContent };
  return parsed.unapplied ?? null;
}
