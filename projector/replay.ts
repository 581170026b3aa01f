// Forensic replay: rebuild projections from sg.decisions into a shadow schema, from an offset or
// a moment, optionally for one workflow, then compare with live state. The shadow runs the same
// applyBatch as the live projector, so equal inputs must give equal rows.
import type { Bus, ConsumedRecord, ReplayStart } from '../bus/port.ts';
import type { Codec } from '../schemas/codec.ts';
import { isRetriable } from '../schemas/errors.ts';
import { applyBatch } from './apply-batch.ts';
import type { UnappliedRecord } from './audit/unapplied.ts';
import { compareStates, compareWorkflow, type Comparison } from './divergence.ts';
import { migrate } from './migrations/migrate.ts';
import { payloadFacts } from './payload-facts.ts';
import type { Db } from './store/db.ts';
import { inSchema, quoteSchema } from './store/schema-scope.ts';
import { asNumber } from './store/values.ts';
import type { DecisionEntry } from './types.ts';

const REPLAY_GROUP = 'replay';

export interface ReplayProgress {
  readonly read: number;
  /** Records the replay expects to read; refined as each partition's first record arrives. */
  readonly total: number;
}

export interface RebuildOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  /** The decisions topic. */
  readonly topic: string;
  readonly db: Db;
  readonly shadowSchema: string;
  readonly from: ReplayStart;
  /** Only this workflow's decisions. */
  readonly workflow?: string;
  /** Decisions per database transaction. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

export interface Rebuild {
  readonly shadowSchema: string;
  readonly read: number;
  readonly applied: number;
  /** Records that do not decode as decisions; audited as unapplied, as the live projector does. */
  readonly undecodable: number;
  readonly elapsedMs: number;
}

export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

/** A shadow name for now: swarmgate_shadow_20250115t090000z. */
export const defaultShadowSchema = (now = new Date()): string =>
  `swarmgate_shadow_${now
    .toISOString()
    .replace(/\.\d+Z$/, 'z')
    .replace(/[-:]/g, '')
    .toLowerCase()}`;

async function prepareShadow(db: Db, schema: string): Promise<void> {
  await migrate(db, schema);
  const held = await inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query('SELECT count(*) AS n FROM audit_log');
    return asNumber(rows[0]?.n ?? 0);
  });
  if (held > 0) {
    throw new ReplayError(
      `shadow schema ${schema} already holds ${held} decisions; name a new one or drop it`,
    );
  }
}

/** Progress totals: end minus the assumed start, corrected once a partition's first record shows its real start. */
async function progressTracker(options: RebuildOptions) {
  const ends = await options.bus.endOffsets(options.topic);
  const assumedStart = 'offset' in options.from ? BigInt(options.from.offset) : 0n;
  const startOf = (end: bigint) => (assumedStart < end ? assumedStart : end);
  let total = ends.reduce((sum, { offset }) => sum + Number(BigInt(offset) - startOf(BigInt(offset))), 0);
  const seen = new Set<number>();
  let read = 0;
  return {
    record(record: ConsumedRecord) {
      read += 1;
      if (!seen.has(record.partition)) {
        seen.add(record.partition);
        const end = BigInt(ends.find((e) => e.partition === record.partition)?.offset ?? record.offset);
        total -= Number(BigInt(record.offset) - startOf(end));
      }
      options.onProgress?.({ read, total: Math.max(total, read) });
    },
    done: () => options.onProgress?.({ read, total: read }),
  };
}

const decodeOrNull = (codec: Codec, record: ConsumedRecord) =>
  codec.decodeAs('swarmgate.v1.Decision', record.value).catch((error: unknown) => {
    if (isRetriable(error)) throw error; // the registry is down: fail the replay, do not undercount
    return null;
  });

async function requireProjections(db: Db, schema: string): Promise<void> {
  const { rows } = await db.query('SELECT to_regclass($1) AS t', [`${quoteSchema(schema)}.workflows`]);
  if (!rows[0]?.t) throw new ReplayError(`schema ${schema} holds no projections to compare with`);
}

/** Replays decisions into a fresh shadow schema. */
export async function rebuildShadow(options: RebuildOptions): Promise<Rebuild> {
  const began = performance.now();
  const { db, shadowSchema: schema, codec } = options;
  await prepareShadow(db, schema);
  const progress = await progressTracker(options);
  const batchSize = options.batchSize ?? 1000;
  const pending = new Map<number, ConsumedRecord[]>();
  let applied = 0;
  let undecodable = 0;

  const flush = async (partition: number) => {
    const records = pending.get(partition) ?? [];
    pending.delete(partition);
    const last = records.at(-1);
    if (!last) return;
    const entries: DecisionEntry[] = [];
    const unapplicable: UnappliedRecord[] = [];
    for (const record of records) {
      const decision = await decodeOrNull(codec, record);
      const coordinates = { topic: record.topic, partition, offset: record.offset };
      const { value: raw, timestamp } = record;
      if (!decision) {
        undecodable += 1;
        // Audited as unapplied, as the live projector does; such a record belongs to no workflow.
        if (options.workflow === undefined)
          unapplicable.push({
            coordinates,
            raw,
            timestamp,
            error: 'the record does not decode as a decision',
          });
      } else if (options.workflow === undefined || decision.correlationId === options.workflow) {
        entries.push({ decision, coordinates, raw, timestamp, facts: await payloadFacts(codec, decision) });
      }
    }
    const nextOffset = (BigInt(last.offset) + 1n).toString();
    const result = await applyBatch(
      db,
      schema,
      entries,
      { group: REPLAY_GROUP, positions: [{ topic: last.topic, partition, nextOffset }] },
      { unapplicable },
    );
    applied += result.applied;
  };

  const read = await options.bus.replay(options.topic, options.from, async (record) => {
    const records = pending.get(record.partition) ?? [];
    records.push(record);
    pending.set(record.partition, records);
    progress.record(record);
    if (records.length >= batchSize) await flush(record.partition);
  });
  for (const partition of [...pending.keys()]) await flush(partition);
  progress.done();
  return { shadowSchema: schema, read, applied, undecodable, elapsedMs: performance.now() - began };
}

export interface ReplayOptions extends RebuildOptions {
  readonly liveSchema: string;
}

export interface ReplayReport extends Rebuild {
  readonly scope: { readonly workflow: string } | 'all';
  readonly comparison: Comparison;
}

/** Rebuilds the shadow, then compares it with live: the state hash, or the one workflow's rows. */
export async function replayAndCompare(options: ReplayOptions): Promise<ReplayReport> {
  if (options.shadowSchema === options.liveSchema) {
    throw new ReplayError(`the shadow schema must not be the live one (${options.liveSchema})`);
  }
  await requireProjections(options.db, options.liveSchema);
  const rebuild = await rebuildShadow(options);
  const { db, liveSchema, shadowSchema, workflow } = options;
  const comparison =
    workflow === undefined
      ? await compareStates(db, liveSchema, shadowSchema)
      : await compareWorkflow(db, liveSchema, shadowSchema, workflow);
  return { ...rebuild, scope: workflow === undefined ? 'all' : { workflow }, comparison };
}
