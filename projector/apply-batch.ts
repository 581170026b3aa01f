// Applies a batch of decisions in ONE database transaction: every projection, the audit rows,
// periodic checkpoints and the consumer positions. A batch redelivered after a crash finds its
// offsets already stored and its decisions already audited, and changes nothing. A decision
// whose values the database refuses does not stop the batch: the batch runs again with each
// decision under a savepoint, and the refused one is recorded as unapplied (incident + audit
// row with its bytes) in the same transaction as the offsets that pass it.
import { appendEntry, appendToAudit, readChainHead } from './audit/append.ts';
import type { ChainHead, SignedCheckpoint } from './audit/checkpoint.ts';
import { isCheckpointDue, storeCheckpoint, type CheckpointSigning } from './audit/checkpoints.ts';
import { unappliedEntry, unappliedId, type UnappliedRecord } from './audit/unapplied.ts';
import { applyFault } from './errors.ts';
import { advanceOffsets, partitionKey, positionsAfter, readNextOffsets } from './offsets.ts';
import { execute } from './projections/projection.ts';
import { projections as allProjections, type RunnableProjection } from './projections/index.ts';
import { unappliedIncident } from './projections/incidents.ts';
import type { Db, Queryable } from './store/db.ts';
import { inSchema, lockSchema } from './store/schema-scope.ts';
import { asText } from './store/values.ts';
import type { DecisionEntry, GroupOffsets, KafkaCoordinates } from './types.ts';

export interface ApplyOptions {
  /** Sign checkpoints of the chain head every N rows; none without it. */
  readonly checkpoints?: CheckpointSigning;
  readonly projections?: readonly RunnableProjection[];
  /** Records of the batch that never decoded: audited as unapplied, in offset order. */
  readonly unapplicable?: readonly UnappliedRecord[];
}

export interface BatchResult {
  readonly applied: number;
  readonly skipped: number;
  /** Records audited as unapplied: undecodable, or refused by the database. */
  readonly unapplied: number;
  readonly head: ChainHead;
  /** Checkpoints signed in this batch, for the caller to publish once it commits. */
  readonly checkpoints: readonly SignedCheckpoint[];
}

type Item =
  | { readonly kind: 'decision'; readonly entry: DecisionEntry }
  | { readonly kind: 'unapplicable'; readonly record: UnappliedRecord };

const coordinatesOf = (item: Item): KafkaCoordinates =>
  item.kind === 'decision' ? item.entry.coordinates : item.record.coordinates;
const idOf = (item: Item): string =>
  item.kind === 'decision' ? item.entry.decision.decisionId : unappliedId(item.record.coordinates);

function itemsOf(entries: readonly DecisionEntry[], unapplicable: readonly UnappliedRecord[]): Item[] {
  const items: Item[] = entries.map((entry) => ({ kind: 'decision', entry }));
  if (unapplicable.length === 0) return items;
  items.push(...unapplicable.map((record) => ({ kind: 'unapplicable' as const, record })));
  return items.sort((a, b) => {
    const [x, y] = [coordinatesOf(a), coordinatesOf(b)];
    if (x.topic !== y.topic) return x.topic < y.topic ? -1 : 1;
    if (x.partition !== y.partition) return x.partition - y.partition;
    return BigInt(x.offset) < BigInt(y.offset) ? -1 : BigInt(x.offset) > BigInt(y.offset) ? 1 : 0;
  });
}

async function auditedAmong(tx: Queryable, items: readonly Item[]): Promise<Set<string>> {
  // An id PostgreSQL cannot hold (U+0000) cannot have been audited, and must not fail the lookup.
  const ids = items.map(idOf).filter((id) => !id.includes('\u0000'));
  const { rows } = await tx.query('SELECT decision_id FROM audit_log WHERE decision_id = ANY($1::text[])', [
    ids,
  ]);
  return new Set(rows.map((row) => asText(row.decision_id)));
}

/** Items not yet applied: past the stored offset, not audited before, not repeated in the batch. */
async function unapplied(tx: Queryable, items: readonly Item[], group: string): Promise<Item[]> {
  const nextOffsets = await readNextOffsets(tx, group);
  const seen = await auditedAmong(tx, items);
  return items.filter((item) => {
    const { topic, partition, offset } = coordinatesOf(item);
    const next = nextOffsets.get(partitionKey(topic, partition)) ?? 0n;
    if (BigInt(offset) < next || seen.has(idOf(item))) return false;
    seen.add(idOf(item));
    return true;
  });
}

async function recordUnapplied(tx: Queryable, head: ChainHead, record: UnappliedRecord): Promise<ChainHead> {
  const entry = unappliedEntry(record);
  await execute(tx, [unappliedIncident(entry)]);
  return appendEntry(tx, head, entry);
}

const refused = (entry: DecisionEntry, error: unknown): UnappliedRecord => ({
  coordinates: entry.coordinates,
  raw: entry.raw ?? null,
  error: `the database refused the decision: ${error instanceof Error ? error.message : String(error)}`,
  timestamp: entry.timestamp ?? entry.decision.decidedAt,
});

interface Applying {
  readonly tx: Queryable;
  readonly projections: readonly RunnableProjection[];
  /** Each decision under a savepoint, so one the database refuses is recorded, not fatal. */
  readonly isolated: boolean;
}

async function applyDecision(how: Applying, head: ChainHead, entry: DecisionEntry): Promise<ChainHead> {
  for (const projection of how.projections) await projection.apply(how.tx, entry);
  return appendToAudit(how.tx, head, entry);
}

async function applyItem(
  how: Applying,
  head: ChainHead,
  item: Item,
): Promise<{ head: ChainHead; ok: boolean }> {
  if (item.kind === 'unapplicable')
    return { head: await recordUnapplied(how.tx, head, item.record), ok: false };
  if (!how.isolated) return { head: await applyDecision(how, head, item.entry), ok: true };
  await how.tx.exec('SAVEPOINT swarmgate_decision');
  try {
    const next = await applyDecision(how, head, item.entry);
    await how.tx.exec('RELEASE SAVEPOINT swarmgate_decision');
    return { head: next, ok: true };
  } catch (error) {
    if (applyFault(error) !== 'record') throw error;
    // Fails in turn when the connection is gone: then the batch is retried, nothing is skipped.
    await how.tx.exec('ROLLBACK TO SAVEPOINT swarmgate_decision');
    return { head: await recordUnapplied(how.tx, head, refused(item.entry, error)), ok: false };
  }
}

function applyOnce(
  db: Db,
  schema: string,
  items: readonly Item[],
  groupOffsets: GroupOffsets,
  options: ApplyOptions & { readonly isolated: boolean },
): Promise<BatchResult> {
  return inSchema(
    db,
    schema,
    async (tx) => {
      await lockSchema(tx, schema, 'audit');
      const fresh = await unapplied(tx, items, groupOffsets.group);
      const how = { tx, projections: options.projections ?? allProjections, isolated: options.isolated };
      let head = await readChainHead(tx);
      let applied = 0;
      const checkpoints: SignedCheckpoint[] = [];
      for (const item of fresh) {
        const result = await applyItem(how, head, item);
        head = result.head;
        if (result.ok) applied += 1;
        if (options.checkpoints && isCheckpointDue(head.seq, options.checkpoints)) {
          checkpoints.push(await storeCheckpoint(tx, head, options.checkpoints));
        }
      }
      await advanceOffsets(tx, groupOffsets.group, [
        ...positionsAfter(items.map((item) => ({ coordinates: coordinatesOf(item) }))),
        ...(groupOffsets.positions ?? []),
      ]);
      const unappliedCount = fresh.length - applied;
      return { applied, skipped: items.length - fresh.length, unapplied: unappliedCount, head, checkpoints };
    },
    { asAppRole: true },
  );
}

export async function applyBatch(
  db: Db,
  schema: string,
  entries: readonly DecisionEntry[],
  groupOffsets: GroupOffsets,
  options: ApplyOptions = {},
): Promise<BatchResult> {
  const items = itemsOf(entries, options.unapplicable ?? []);
  try {
    return await applyOnce(db, schema, items, groupOffsets, { ...options, isolated: false });
  } catch (error) {
    // The fast path holds no savepoints; only a batch with a refused decision pays for them.
    if (applyFault(error) !== 'record') throw error;
    return applyOnce(db, schema, items, groupOffsets, { ...options, isolated: true });
  }
}
