import type { Row } from '../store/db.ts';
import { asDate, asNumber, asText } from '../store/values.ts';
import type { KafkaCoordinates } from '../types.ts';

export interface AuditRow {
  readonly seq: number;
  readonly decisionId: string;
  readonly correlationId: string;
  readonly coordinates: KafkaCoordinates;
  readonly decidedAt: string;
  /** Canonical JSON of the decision, exactly as hashed. */
  readonly canonical: string;
  readonly prevHash: string;
  readonly hash: string;
}

export const AUDIT_COLUMNS =
  'seq, decision_id, correlation_id, topic, partition, kafka_offset, decided_at, canonical, prev_hash, hash';

export function auditRowFromRow(row: Row): AuditRow {
  return {
    seq: asNumber(row.seq),
    decisionId: asText(row.decision_id),
    correlationId: asText(row.correlation_id),
    coordinates: {
      topic: asText(row.topic),
      partition: asNumber(row.partition),
      offset: asText(row.kafka_offset),
    },
    decidedAt: asDate(row.decided_at).toISOString(),
    canonical: asText(row.canonical),
    prevHash: asText(row.prev_hash),
    hash: asText(row.hash),
  };
}
