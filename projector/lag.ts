// How far the projector is behind sg.decisions, as anyone with the database and the bus can see
// it: the positions it stored with its last transaction against the topic's end offsets. A
// watch over successive readings says when it is lagging beyond a threshold, or stalled (behind,
// and its positions unchanged for a while) — what /healthz reports as degraded.
import type { PartitionLag } from '../bus/consumer-lag.ts';
import type { Bus } from '../bus/port.ts';
import { DEFAULT_GROUP } from './consumer.ts';
import { loadOffsets, partitionKey } from './offsets.ts';
import type { Db } from './store/db.ts';
import type { PartitionPosition } from './types.ts';

export interface LagThresholds {
  /** Decisions behind the topic's end beyond which the projector counts as lagging. */
  readonly maxLag: number;
  /** Behind and without progress for this long (ms): stalled. */
  readonly stallMs: number;
  /** The projector group whose positions the database stores. */
  readonly group: string;
}

const positive = (value: string | undefined, fallback: number): number => {
  const number = Number(value);
  return value && Number.isSafeInteger(number) && number > 0 ? number : fallback;
};

/** SWARMGATE_HEALTH_MAX_LAG (1000), SWARMGATE_HEALTH_STALL_MS (60000), SWARMGATE_PROJECTOR_GROUP. */
export function lagThresholds(env: NodeJS.ProcessEnv = process.env): LagThresholds {
  return {
    maxLag: positive(env.SWARMGATE_HEALTH_MAX_LAG, 1000),
    stallMs: positive(env.SWARMGATE_HEALTH_STALL_MS, 60_000),
    group: env.SWARMGATE_PROJECTOR_GROUP || DEFAULT_GROUP,
  };
}

export interface ProjectorReading {
  /** Decisions on the topic past the positions the projector stored. */
  readonly lag: number;
  /** The stored positions, to see whether they move. */
  readonly positions: string;
}

/** Per partition, the decisions past the positions the database stores. */
export async function projectorPartitionLag(
  db: Db,
  schema: string,
  bus: Bus,
  topic: string,
  group: string,
): Promise<{ readonly stored: readonly PartitionPosition[]; readonly partitions: PartitionLag[] }> {
  const [stored, ends] = await Promise.all([loadOffsets(db, schema, group), bus.endOffsets(topic)]);
  const next = new Map(stored.map((p) => [partitionKey(p.topic, p.partition), BigInt(p.nextOffset)]));
  const partitions = ends.map((end) => {
    const behind = BigInt(end.offset) - (next.get(partitionKey(topic, end.partition)) ?? 0n);
    return { topic, partition: end.partition, lag: behind > 0n ? Number(behind) : 0 };
  });
  return { stored, partitions };
}

export async function projectorLag(
  db: Db,
  schema: string,
  bus: Bus,
  topic: string,
  group: string,
): Promise<ProjectorReading> {
  const { stored, partitions } = await projectorPartitionLag(db, schema, bus, topic, group);
  return {
    lag: partitions.reduce((sum, p) => sum + p.lag, 0),
    positions: stored.map((p) => `${p.partition}:${p.nextOffset}`).join(','),
  };
}

export type LagCheck =
  | { readonly ok: true; readonly lag: number }
  | { readonly ok: false; readonly lag: number; readonly error: string };

/** Remembers when the stored positions last moved, to tell a stall from a busy projector. */
export function lagWatch(thresholds: LagThresholds, clock: () => number) {
  let last = { positions: '', since: clock() };
  return (reading: ProjectorReading): LagCheck => {
    const now = clock();
    if (reading.positions !== last.positions) last = { positions: reading.positions, since: now };
    const { lag } = reading;
    if (lag > thresholds.maxLag) {
      return {
        ok: false,
        lag,
        error: `projector is ${lag} decisions behind (threshold ${thresholds.maxLag})`,
      };
    }
    const still = now - last.since;
    if (lag > 0 && still >= thresholds.stallMs) {
      return {
        ok: false,
        lag,
        error: `projector stalled: ${lag} decisions behind, no progress for ${still} ms`,
      };
    }
    return { ok: true, lag };
  };
}
