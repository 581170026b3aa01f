// Issuing the automatic KILL once per trip, however many API instances watch. The id is derived
// from the agent and the command it follows (its last RESUME), so every instance would mint the
// same KILL for the same trip; and issuing holds a PostgreSQL advisory lock on the agent until
// this instance's own registry follower has read the KILL back, so an instance that takes the
// lock next sees it in force and issues nothing.
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { inSchema, type Db } from '../../projector/index.ts';
import type { FollowedRegistry } from '../../registry/follow.ts';
import { controlRecord, type UnsignedCommand } from '../../registry/publish.ts';
import type { Codec } from '../../schemas/codec.ts';
import { derivedId } from '../../schemas/derived-id.ts';
import type { Signer } from '../../schemas/signing.ts';
import { observe } from './observe.ts';
import {
  automaticReason,
  tripOf,
  windowStart,
  WATCHDOG_ISSUER,
  type Trip,
  type WatchdogThresholds,
} from './thresholds.ts';

export interface IssueDeps {
  readonly db: Db;
  readonly schema: string;
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly registry: Pick<FollowedRegistry, 'fold' | 'until'>;
  readonly signer: Signer;
  readonly thresholds: WatchdogThresholds;
  /** How long to wait for the follower to read the KILL back before releasing the lock anyway. */
  readonly readBackMs?: number;
}

/** The automatic KILL for a trip: its id depends only on the agent and the command before it. */
export function automaticKill(trip: Trip, after: number | undefined, issuedAt: number): UnsignedCommand {
  return {
    id: derivedId('watchdog-kill', trip.agent, String(after ?? 0)),
    kind: 'KILL',
    target: trip.agent,
    reason: automaticReason(trip),
    issuedBy: WATCHDOG_ISSUER,
    issuedAt,
    policyVersion: null,
  };
}

const timeout = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Weighs one agent and, when it crossed a threshold and no kill switch holds it yet, issues the
 * signed automatic KILL. Returns the trip it issued a KILL for, else null.
 */
export async function watchAgent(deps: IssueDeps, agent: string, now: number): Promise<Trip | null> {
  const { db, schema, registry, thresholds } = deps;
  const free = () => !registry.fold.killSwitchOf(agent);
  if (!free()) return null;
  return inSchema(db, schema, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`swarmgate-watchdog:${agent}`]);
    if (!free()) return null;
    const after = registry.fold.lastCommandAt(agent);
    const since = windowStart(now, thresholds.windowMs, after);
    const trip = tripOf(agent, await observe(tx, agent, since), thresholds, since);
    if (!trip) return null;
    const command = automaticKill(trip, after, now);
    await deps.bus.send([await controlRecord(deps.codec, deps.names, command, deps.signer)]);
    const readBack = registry.until((fold) => fold.killSwitchOf(agent)?.id === command.id);
    await Promise.race([readBack, timeout(deps.readBackMs ?? 10_000)]);
    return trip;
  });
}
