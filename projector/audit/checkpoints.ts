// Storing and reading signed checkpoints. Periodic ones are written by applyBatch every N rows;
// checkpointNow signs the current head on demand. Both return the checkpoint for publishing.
import type { KeyObject } from 'node:crypto';
import type { Db, Queryable, Row } from '../store/db.ts';
import { inSchema, lockSchema } from '../store/schema-scope.ts';
import { asDate, asNumber, asText } from '../store/values.ts';
import { readChainHead } from './append.ts';
import { signCheckpoint, type ChainHead, type SignedCheckpoint } from './checkpoint.ts';

export interface CheckpointSigning {
  readonly privateKey: KeyObject;
  /** Sign the head every this many rows (each seq divisible by it); 0 or absent: on demand only. */
  readonly every?: number;
  /** Time written into the checkpoint; the system clock by default. */
  readonly clock?: () => Date;
}

export function checkpointFromRow(row: Row): SignedCheckpoint {
  return {
    seq: asNumber(row.seq),
    hash: asText(row.hash),
    at: asDate(row.signed_at).toISOString(),
    signature: asText(row.signature),
    keyId: asText(row.key_id),
  };
}

const CHECKPOINT_COLUMNS = 'seq, hash, signed_at, signature, key_id';

/** Signs and stores the head; if that head is already signed, returns the stored checkpoint. */
export async function storeCheckpoint(
  tx: Queryable,
  head: ChainHead,
  signing: CheckpointSigning,
): Promise<SignedCheckpoint> {
  const checkpoint = signCheckpoint(head, (signing.clock ?? (() => new Date()))(), signing.privateKey);
  await tx.query(
    `INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING`,
    [checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.signature, checkpoint.keyId],
  );
  const { rows } = await tx.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq = $1`, [
    head.seq,
  ]);
  return rows[0] ? checkpointFromRow(rows[0]) : checkpoint;
}

export const isCheckpointDue = (seq: number, signing: CheckpointSigning | undefined): boolean =>
  Boolean(signing?.every && signing.every > 0 && seq % signing.every === 0);

/** Signs the current chain head now; null while the chain is empty. */
export function checkpointNow(
  db: Db,
  schema: string,
  signing: CheckpointSigning,
): Promise<SignedCheckpoint | null> {
  return inSchema(
    db,
    schema,
    async (tx) => {
      await lockSchema(tx, schema, 'audit');
      const head = await readChainHead(tx);
      return head.seq === 0 ? null : storeCheckpoint(tx, head, signing);
    },
    { asAppRole: true },
  );
}

/** Checkpoints from `fromSeq` on; with `coveringSeq`, only up to the first that covers that row. */
export async function readCheckpoints(
  tx: Queryable,
  fromSeq = 0,
  coveringSeq?: number,
): Promise<SignedCheckpoint[]> {
  const upTo =
    coveringSeq === undefined
      ? ''
      : ' AND seq <= coalesce((SELECT min(seq) FROM audit_checkpoints WHERE seq >= $2), $2)';
  const { rows } = await tx.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq >= $1${upTo} ORDER BY seq`,
    coveringSeq === undefined ? [fromSeq] : [fromSeq, coveringSeq],
  );
  return rows.map(checkpointFromRow);
}
