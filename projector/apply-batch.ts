// Applies a batch of decisions in ONE database transaction: every projection, the audit rows,
// periodic checkpoints and the consumer positions. A batch redelivered after a crash finds its
// offsets already stored and its decisions already audited, and changes nothing.
import { appendToAudit, readChainHead } from './audit/append.ts';
import type { ChainHead, SignedCheckpoint } from './audit/checkpoint.ts';
import { isCheckpointDue, storeCheckpoint, type CheckpointSigning } from './audit/checkpoints.ts';
import { advanceOffsets, partitionKey, positionsAfter, readNextOffsets } from './offsets.ts';
import { projections as allProjections, type RunnableProjection } from './projections/index.ts';
import type { Db, Queryable } from './store/db.ts';
import { inSchema, lockSchema } from './store/schema-scope.ts';
import { asText } from './store/values.ts';
import type { DecisionEntry, GroupOffsets } from './types.ts';

export interface ApplyOptions {
  /** Sign checkpoints of the chain head every N rows; none without it. */
  readonly checkpoints?: CheckpointSigning;
  readonly projections?: readonly RunnableProjection[];
}

export interface BatchResult {
  readonly applied: number;
  readonly skipped: number;
  readonly head: ChainHead;
  /** Checkpoints signed in this batch, for the caller to publish once it commits. */
  readonly checkpoints: readonly SignedCheckpoint[];
}

async function auditedAmong(tx: Queryable, entries: readonly DecisionEntry[]): Promise<Set<string>> {
  const ids = entries.map((entry) => entry.decision.decisionId);
  const { rows } = await tx.query('SELECT decision_id FROM audit_log WHERE decision_id = ANY($1::text[])', [
    ids,
  ]);
  return new Set(rows.map((row) => asText(row.decision_id)));
}

/** Entries not yet applied: past the stored offset, not audited before, not repeated in the batch. */
async function unapplied(
  tx: Queryable,
  entries: readonly DecisionEntry[],
  group: string,
): Promise<DecisionEntry[]> {
  const nextOffsets = await readNextOffsets(tx, group);
  const seen = await auditedAmong(tx, entries);
  return entries.filter(({ decision, coordinates: { topic, partition, offset } }) => {
    const next = nextOffsets.get(partitionKey(topic, partition)) ?? 0n;
    if (BigInt(offset) < next || seen.has(decision.decisionId)) return false;
    seen.add(decision.decisionId);
    return true;
  });
}

export function applyBatch(
  db: Db,
  schema: string,
  entries: readonly DecisionEntry[],
  groupOffsets: GroupOffsets,
  options: ApplyOptions = {},
): Promise<BatchResult> {
  const projections = options.projections ?? allProjections;
  return inSchema(
    db,
    schema,
    async (tx) => {
      await lockSchema(tx, schema, 'audit');
      const fresh = await unapplied(tx, entries, groupOffsets.group);
      let head = await readChainHead(tx);
      const checkpoints: SignedCheckpoint[] = [];
      for (const entry of fresh) {
        for (const projection of projections) await projection.apply(tx, entry);
        head = await appendToAudit(tx, head, entry);
        if (options.checkpoints && isCheckpointDue(head.seq, options.checkpoints)) {
          checkpoints.push(await storeCheckpoint(tx, head, options.checkpoints));
        }
      }
      await advanceOffsets(tx, groupOffsets.group, [
        ...positionsAfter(entries),
        ...(groupOffsets.positions ?? []),
      ]);
      return { applied: fresh.length, skipped: entries.length - fresh.length, head, checkpoints };
    },
    { asAppRole: true },
  );
}
