// Fills a migrated projector schema with what applyBatch would have written for the workload,
// computed by the projector's own pure functions (workflow fold, canonical decision, chain
// links, agent deltas) and appended as the application role, one multi-row INSERT ... SELECT
// FROM unnest per table per chunk: the rows of a projector that ran for weeks, in minutes,
// with a signed checkpoint every DEFAULT_CHECKPOINT_EVERY rows.
import type { KeyObject } from 'node:crypto';
import { canonicalDecision } from '../../projector/audit/canonical-decision.ts';
import { GENESIS_HASH, linkHash } from '../../projector/audit/chain.ts';
import { signCheckpoint } from '../../projector/audit/checkpoint.ts';
import { DEFAULT_CHECKPOINT_EVERY } from '../../projector/consumer.ts';
import {
  agentDeltas,
  evolveWorkflow,
  inSchema,
  latencyBucket,
  latencyMs,
  type Db,
  type Queryable,
  type WorkflowState,
} from '../../projector/index.ts';
import { activityOf, minuteOf } from '../../projector/projections/activity.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { WORKFLOW_COLUMNS, workflowParams } from '../../projector/projections/workflow-row.ts';
import { isoOf } from '../../projector/store/values.ts';
import { ed25519Keys } from '../../projector/testing/keys.ts';
import { workflowAt, type Tenant } from './workload.ts';

export const DECISIONS_TOPIC = 'sg.decisions';
const PARTITIONS = 6;
const WORKFLOWS_PER_CHUNK = 600;

/** Workflows start evenly over the last 30 days. */
interface Clock {
  readonly start: number;
  readonly spacingMs: number;
}

type Columns = unknown[][];
const columns = (n: number): Columns => Array.from({ length: n }, () => []);
const push = (target: Columns, ...values: unknown[]) => values.forEach((v, i) => target[i]!.push(v));

interface Chunk {
  readonly audit: Columns;
  readonly snapshots: Columns;
  readonly workflows: Columns;
  readonly incidents: Columns;
  readonly checkpoints: Columns;
}

export interface FillState {
  seq: number;
  hash: string;
  readonly offsets: number[];
  readonly agents: Map<string, { delta: number[]; first: string; last: string }>;
  readonly latency: Map<string, number>;
  /** activity_minutes rows: minute, series and label joined by newlines → [count, total]. */
  readonly activity: Map<string, [number, number]>;
  /** Signs a checkpoint every DEFAULT_CHECKPOINT_EVERY rows, as the projector does by default. */
  readonly checkpointKey: KeyObject;
}

const AUDIT_SQL = `INSERT INTO audit_log (seq, decision_id, correlation_id, topic, partition, kafka_offset,
  decided_at, canonical, prev_hash, hash)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[],
    $7::timestamptz[], $8::text[], $9::text[], $10::text[])`;
const SNAPSHOTS_SQL = `INSERT INTO workflow_snapshots (correlation_id, version, state, decided_at, decision_id,
  policy_version, topic, partition, kafka_offset, origin_topic, origin_partition, origin_offset, origin_timestamp,
  traceparent)
  SELECT c, v, s::jsonb, d, i, p, t, pa, o, ot, op, oo, ots, tp FROM unnest($1::text[], $2::int[], $3::text[],
    $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::int[], $9::bigint[], $10::text[], $11::int[],
    $12::bigint[], $13::timestamptz[], $14::text[]) AS u(c, v, s, d, i, p, t, pa, o, ot, op, oo, ots, tp)`;
// Every column of the projection (WORKFLOW_COLUMNS), in workflowParams' order.
const WORKFLOWS_SQL = `INSERT INTO workflows (${WORKFLOW_COLUMNS})
  SELECT c, st, cs, pa::jsonb, tc, d, dn, v, f, l, ld, pv, eo, an, mi::jsonb, te FROM unnest($1::text[], $2::text[],
    $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::int[], $9::timestamptz[],
    $10::timestamptz[], $11::text[], $12::text[], $13::boolean[], $14::boolean[], $15::text[], $16::text[])
    AS u(c, st, cs, pa, tc, d, dn, v, f, l, ld, pv, eo, an, mi, te)`;
const INCIDENTS_SQL = `INSERT INTO incidents (decision_id, correlation_id, event_type, sender, outcome, decided_at,
  topic, partition, kafka_offset, traceparent)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
    $8::int[], $9::bigint[], $10::text[])`;

const CHECKPOINTS_SQL = `INSERT INTO audit_checkpoints (seq, hash, signed_at, signature, key_id)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])`;

function addToAgents(state: FillState, decision: Parameters<typeof agentDeltas>[0]): void {
  const at = isoOf(decision.decidedAt);
  for (const [agent, d] of agentDeltas(decision)) {
    const delta = [d.sent, d.handled, d.denied, d.fallbacks, d.errors, d.costMicros, d.latencySumMs];
    const known = state.agents.get(agent);
    if (!known) state.agents.set(agent, { delta, first: at, last: at });
    else {
      delta.forEach((value, i) => (known.delta[i]! += value));
      if (at > known.last) known.last = at;
    }
  }
  const bucket = `${decision.sender}\n${latencyBucket(latencyMs(decision.decidedAt, decision.origin.timestamp))}`;
  state.latency.set(bucket, (state.latency.get(bucket) ?? 0) + 1);
}

/** Rows of workflows first..first+count, interleaved by step as they reach the gate. */
function chunkRows(
  state: FillState,
  first: number,
  count: number,
  clock: Clock,
  envelopeOf: (t: Tenant) => Buffer,
) {
  const chunk: Chunk = {
    audit: columns(10),
    snapshots: columns(14),
    workflows: columns(16),
    incidents: columns(10),
    checkpoints: columns(5),
  };
  const flows = Array.from({ length: count }, (_, i) =>
    workflowAt(first + i, clock.start + (first + i) * clock.spacingMs, envelopeOf),
  );
  const states = new Map<string, WorkflowState | null>();
  for (let step = 0; step < 7; step += 1) {
    for (const [i, flow] of flows.entries()) {
      const decision = flow.decisions[step];
      if (!decision) continue;
      const partition = (first + i) % PARTITIONS;
      const offset = state.offsets[partition]!;
      state.offsets[partition] = offset + 1;
      const coordinates = { topic: DECISIONS_TOPIC, partition, offset: String(offset) };
      const canonical = canonicalDecision(decision);
      const seq = state.seq + 1;
      const hash = linkHash(state.hash, { seq, coordinates, canonical });
      const at = isoOf(decision.decidedAt);
      push(
        chunk.audit,
        seq,
        decision.decisionId,
        decision.correlationId,
        DECISIONS_TOPIC,
        partition,
        offset,
        at,
        canonical,
        state.hash,
        hash,
      );
      [state.seq, state.hash] = [seq, hash];
      if (seq % DEFAULT_CHECKPOINT_EVERY === 0) {
        const signed = signCheckpoint({ seq, hash }, new Date(decision.decidedAt), state.checkpointKey);
        push(chunk.checkpoints, signed.seq, signed.hash, signed.at, signed.signature, signed.keyId);
      }
      const next = evolveWorkflow(states.get(flow.correlationId) ?? null, decision, { tenant: flow.tenant });
      states.set(flow.correlationId, next);
      const { origin } = decision;
      push(
        chunk.snapshots,
        next.correlationId,
        next.version,
        JSON.stringify(next),
        at,
        decision.decisionId,
        decision.policyVersion,
        DECISIONS_TOPIC,
        partition,
        offset,
        origin.topic,
        origin.partition,
        origin.offset,
        isoOf(origin.timestamp),
        decision.traceparent ?? null,
      );
      if (decision.eventType.startsWith('incident.'))
        push(
          chunk.incidents,
          decision.decisionId,
          decision.correlationId,
          decision.eventType,
          decision.sender,
          decision.outcome,
          at,
          DECISIONS_TOPIC,
          partition,
          offset,
          decision.traceparent ?? null,
        );
      addToAgents(state, decision);
      addActivity(state, decision);
    }
  }
  for (const final of states.values()) if (final) push(chunk.workflows, ...workflowParams(final));
  return chunk;
}

function addActivity(state: FillState, decision: Decision): void {
  const minute = isoOf(minuteOf(decision.decidedAt));
  for (const { series, label, count, total } of activityOf(decision)) {
    const key = `${minute}\n${series}\n${label}`;
    const [n, sum] = state.activity.get(key) ?? [0, 0];
    state.activity.set(key, [n + count, sum + total]);
  }
}

async function writeChunk(tx: Queryable, chunk: Chunk): Promise<void> {
  await tx.query(AUDIT_SQL, chunk.audit);
  await tx.query(SNAPSHOTS_SQL, chunk.snapshots);
  await tx.query(WORKFLOWS_SQL, chunk.workflows);
  if (chunk.incidents[0]!.length > 0) await tx.query(INCIDENTS_SQL, chunk.incidents);
  if (chunk.checkpoints[0]!.length > 0) await tx.query(CHECKPOINTS_SQL, chunk.checkpoints);
}

async function writeTotals(tx: Queryable, state: FillState, group: string): Promise<void> {
  const agents = [...state.agents];
  await tx.query(
    `INSERT INTO agent_stats SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],
       $6::bigint[], $7::bigint[], $8::bigint[], $9::timestamptz[], $10::timestamptz[])`,
    [
      agents.map(([agent]) => agent),
      ...Array.from({ length: 7 }, (_, i) => agents.map(([, a]) => a.delta[i])),
      agents.map(([, a]) => a.first),
      agents.map(([, a]) => a.last),
    ],
  );
  const buckets = [...state.latency].map(([key, count]) => [...key.split('\n'), count]);
  await tx.query('INSERT INTO agent_latency SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])', [
    buckets.map((b) => b[0]),
    buckets.map((b) => b[1]),
    buckets.map((b) => b[2]),
  ]);
  const activity = [...state.activity].map(([key, [n, sum]]) => [...key.split('\n'), n, sum] as const);
  await tx.query(
    `INSERT INTO activity_minutes SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])`,
    [0, 1, 2, 3, 4].map((i) => activity.map((row) => row[i])),
  );
  await tx.query(
    `INSERT INTO projector_offsets SELECT $1, $2, p, o FROM unnest($3::int[], $4::bigint[]) AS u(p, o)`,
    [group, DECISIONS_TOPIC, state.offsets.map((_, p) => p), state.offsets],
  );
}

/** Appends workflows until at least `decisions` decisions are stored; returns what was written. */
export async function fillSchema(
  db: Db,
  schema: string,
  decisions: number,
  envelopeOf: (tenant: Tenant) => Buffer,
  progress: (written: number) => void = () => {},
): Promise<{ decisions: number; workflows: number }> {
  const state: FillState = {
    seq: 0,
    hash: GENESIS_HASH,
    offsets: new Array<number>(PARTITIONS).fill(0),
    agents: new Map(),
    latency: new Map(),
    activity: new Map(),
    checkpointKey: ed25519Keys().privateKey,
  };
  const span = 30 * 24 * 3600_000;
  const clock = { start: Date.now() - span, spacingMs: Math.max(1, Math.floor(span / (decisions / 6))) };
  let workflows = 0;
  // Two chunks in flight: the next is computed while the last ones are written.
  const writing = new Set<Promise<void>>();
  while (state.seq < decisions) {
    const chunk = chunkRows(state, workflows, WORKFLOWS_PER_CHUNK, clock, envelopeOf);
    workflows += WORKFLOWS_PER_CHUNK;
    const written = state.seq;
    const write = inSchema(db, schema, (tx) => writeChunk(tx, chunk), { asAppRole: true }).then(() =>
      progress(written),
    );
    writing.add(write);
    void write.finally(() => writing.delete(write)).catch(() => undefined);
    if (writing.size >= 2) await Promise.race(writing);
  }
  await Promise.all(writing);
  await inSchema(db, schema, (tx) => writeTotals(tx, state, 'projector'), { asAppRole: true });
  return { decisions: state.seq, workflows };
}
