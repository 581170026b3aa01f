// Checks of one audit row on its own and against the row before it. Each returns the reason
// the row fails, or null.
import type { Decision } from '../../schemas/generated/types.ts';
import type { AuditRow } from './audit-row.ts';
import { canonicalDecision, parseCanonicalDecision } from './canonical-decision.ts';
import { linkHash } from './chain.ts';
import type { ChainHead } from './checkpoint.ts';
import { parseUnapplied, unappliedId, type UnappliedContent } from './unapplied.ts';

export const FAILURE_KINDS = [
  'sequence-gap',
  'broken-link',
  'hash-mismatch',
  'columns-disagree',
  'record-missing',
  'record-differs',
  'decision-unaudited',
  'checkpoint-signature',
  'checkpoint-mismatch',
  'checkpoint-orphaned',
  'checkpoint-missing',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface AuditFailure {
  readonly seq: number;
  readonly decisionId: string | null;
  readonly kind: FailureKind;
  readonly reason: string;
}

const failure = (row: AuditRow, kind: FailureKind, reason: string): AuditFailure => ({
  seq: row.seq,
  decisionId: row.decisionId,
  kind,
  reason,
});

/** Position, link and hash against the previous row's stored head: one edit fails one row. */
export function checkChain(row: AuditRow, previous: ChainHead): AuditFailure[] {
  const failures: AuditFailure[] = [];
  if (row.seq !== previous.seq + 1) {
    failures.push(failure(row, 'sequence-gap', `seq ${row.seq} follows ${previous.seq}: rows are missing`));
  }
  if (row.prevHash !== previous.hash) {
    failures.push(failure(row, 'broken-link', `prev_hash does not match the hash of seq ${previous.seq}`));
  }
  if (linkHash(row.prevHash, row) !== row.hash) {
    failures.push(failure(row, 'hash-mismatch', 'content or coordinates differ from what was hashed'));
  }
  return failures;
}

function unappliedOf(row: AuditRow): UnappliedContent | null {
  try {
    return parseUnapplied(row.canonical);
  } catch {
    return null; // unreadable: checkColumns reports it
  }
}

/** The indexed columns must say what the hashed canonical decision says. */
export function checkColumns(row: AuditRow): AuditFailure[] {
  if (unappliedOf(row)) {
    const agrees = row.decisionId === unappliedId(row.coordinates) && row.correlationId === '';
    return agrees ? [] : [failure(row, 'columns-disagree', "an unapplied record's row names a decision")];
  }
  let decision: Decision;
  try {
    decision = parseCanonicalDecision(row.canonical);
  } catch (error) {
    return [failure(row, 'columns-disagree', `canonical JSON unreadable: ${String(error)}`)];
  }
  const agrees =
    decision.decisionId === row.decisionId &&
    decision.correlationId === row.correlationId &&
    new Date(decision.decidedAt).toISOString() === row.decidedAt;
  return agrees
    ? []
    : [failure(row, 'columns-disagree', 'decision id, workflow or time differ from the canonical JSON')];
}

export interface KafkaSource {
  readonly fetchRecord: (topic: string, partition: number, offset: string) => Promise<Buffer | null>;
  readonly decodeDecision: (value: Buffer) => Promise<Decision>;
}

function renormalized(canonical: string): string {
  try {
    return canonicalDecision(parseCanonicalDecision(canonical));
  } catch {
    return canonical; // unreadable: checkColumns reports it, and it will not match the record
  }
}

/** The Kafka record at the row's coordinates must still exist and decode to the same decision. */
export async function checkAgainstKafka(row: AuditRow, kafka: KafkaSource): Promise<AuditFailure[]> {
  const { topic, partition, offset } = row.coordinates;
  const value = await kafka.fetchRecord(topic, partition, offset);
  if (!value) return [failure(row, 'record-missing', `no record at ${topic}/${partition}@${offset}`)];
  const unapplied = unappliedOf(row);
  if (unapplied) {
    if (unapplied.raw === value.toString('base64')) return [];
    return [failure(row, 'record-differs', `the record at ${topic}/${partition}@${offset} has other bytes`)];
  }
  try {
    // Both sides pass through today's normalisation: a field added to the schema since the row
    // was written (with its default) must not count as a difference.
    const fromKafka = canonicalDecision(await kafka.decodeDecision(value));
    if (fromKafka === renormalized(row.canonical)) return [];
    return [failure(row, 'record-differs', `the record at ${topic}/${partition}@${offset} says otherwise`)];
  } catch (error) {
    return [
      failure(
        row,
        'record-differs',
        `the record at ${topic}/${partition}@${offset} does not decode: ${String(error)}`,
      ),
    ];
  }
}
