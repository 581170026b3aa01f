// Walks the whole audit chain and proves it was not altered: every row's position, link and
// hash, the signatures of the checkpoints and the rows they pin, and optionally each row
// against the Kafka record at its coordinates. Reads page by page in short transactions, so
// Kafka lookups never hold a database transaction open; rows only ever append, so the pages
// form a consistent prefix of the chain.
import type { KeyObject } from 'node:crypto';
import type { Decision } from '../../schemas/generated/types.ts';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { EMPTY_CHAIN } from './append.ts';
import { AUDIT_COLUMNS, auditRowFromRow, type AuditRow } from './audit-row.ts';
import { checkpointSignatureValid, type ChainHead, type SignedCheckpoint } from './checkpoint.ts';
import { readCheckpoints } from './checkpoints.ts';
import {
  checkAgainstKafka,
  checkChain,
  checkColumns,
  type AuditFailure,
  type KafkaSource,
} from './row-checks.ts';

export interface VerifyOptions {
  readonly publicKey: KeyObject;
  readonly fetchRecord?: KafkaSource['fetchRecord'];
  readonly decodeDecision?: (value: Buffer) => Promise<Decision>;
  readonly pageSize?: number;
  /**
   * The projector signs the head at least every this many rows (SWARMGATE_CHECKPOINT_EVERY):
   * a longer stretch without a valid signed checkpoint means checkpoints were removed.
   */
  readonly checkpointEvery?: number;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly rows: number;
  readonly checkpoints: number;
  /** The lowest-seq failure: the first row that was tampered with. */
  readonly firstFailure?: AuditFailure;
  readonly failures: readonly AuditFailure[];
}

function kafkaSource(options: VerifyOptions): KafkaSource | undefined {
  if (!options.fetchRecord) return undefined;
  if (!options.decodeDecision)
    throw new Error('verifyAudit: fetchRecord needs decodeDecision to compare records');
  return { fetchRecord: options.fetchRecord, decodeDecision: options.decodeDecision };
}

function checkCheckpoint(
  checkpoint: SignedCheckpoint,
  publicKey: KeyObject,
  row: AuditRow | undefined,
): AuditFailure[] {
  const at = { seq: checkpoint.seq, decisionId: row?.decisionId ?? null };
  if (!checkpointSignatureValid(checkpoint, publicKey)) {
    return [
      {
        ...at,
        kind: 'checkpoint-signature',
        reason: `checkpoint at seq ${checkpoint.seq} is not signed by this key`,
      },
    ];
  }
  if (!row)
    return [
      {
        ...at,
        kind: 'checkpoint-orphaned',
        reason: `checkpoint at seq ${checkpoint.seq} pins a row that is gone`,
      },
    ];
  if (row.hash !== checkpoint.hash) {
    return [
      {
        ...at,
        kind: 'checkpoint-mismatch',
        reason: `row ${row.seq} no longer has the hash signed at ${checkpoint.at}`,
      },
    ];
  }
  return [];
}

/**
 * Checkpoints stored in the database can be deleted along with a rewritten chain by whoever
 * owns the tables; they cannot be re-signed without the key. So a stretch of the chain longer
 * than the signing interval without a valid checkpoint is itself a failure.
 */
export function checkCoverage(validSeqs: readonly number[], headSeq: number, every: number): AuditFailure[] {
  const failures: AuditFailure[] = [];
  const missing = (from: number, to: number): AuditFailure => ({
    seq: from + 1,
    decisionId: null,
    kind: 'checkpoint-missing',
    reason: `no valid signed checkpoint for rows ${from + 1}..${to} (one is signed at least every ${every} rows)`,
  });
  let previous = 0;
  for (const seq of [...validSeqs].sort((a, b) => a - b)) {
    if (seq - previous > every) failures.push(missing(previous, seq - 1));
    previous = seq;
  }
  if (headSeq - previous >= every) failures.push(missing(previous, headSeq));
  return failures;
}

export async function verifyAudit(
  db: Db,
  schema: string,
  options: VerifyOptions,
): Promise<AuditVerification> {
  const kafka = kafkaSource(options);
  const pageSize = options.pageSize ?? 1000;
  const checkpoints = await inSchema(db, schema, (tx) => readCheckpoints(tx));
  const pinned = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  const failures: AuditFailure[] = [];
  let previous: ChainHead = EMPTY_CHAIN;
  let rows = 0;
  const valid: number[] = [];
  for (;;) {
    const page = await inSchema(db, schema, async (tx) => {
      const result = await tx.query(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [previous.seq, pageSize],
      );
      return result.rows.map(auditRowFromRow);
    });
    for (const row of page) {
      failures.push(...checkChain(row, previous), ...checkColumns(row));
      if (kafka) failures.push(...(await checkAgainstKafka(row, kafka)));
      const checkpoint = pinned.get(row.seq);
      if (checkpoint) {
        const found = checkCheckpoint(checkpoint, options.publicKey, row);
        if (found.length === 0) valid.push(row.seq);
        failures.push(...found);
      }
      pinned.delete(row.seq);
      previous = { seq: row.seq, hash: row.hash };
    }
    rows += page.length;
    if (page.length < pageSize) break;
  }
  for (const orphan of pinned.values())
    failures.push(...checkCheckpoint(orphan, options.publicKey, undefined));
  if (options.checkpointEvery) failures.push(...checkCoverage(valid, previous.seq, options.checkpointEvery));
  failures.sort((a, b) => a.seq - b.seq);
  return {
    ok: failures.length === 0,
    rows,
    checkpoints: checkpoints.length,
    firstFailure: failures[0],
    failures,
  };
}
