// Issuing the automatic KILL once per trip, however many API instances watch. The id is derived
// from the agent and the command it follows (its last RESUME), so every instance would mint the
// same KILL for the same trip; and an instance weighs and issues under a PostgreSQL advisory lock
// on the agent, having first read sg.control to its end, so the instance that takes the lock next
// sees the KILL in force and issues nothing.
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { inSchema, type Db, type Queryable } from '../../projector/index.ts';
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
  readonly registry: Pick<FollowedRegistry, 'fold' | 'readNow'>;
  readonly signer: Signer;
  readonly thresholds: WatchdogThresholds;
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

/**
 * Weighs one agent and, when it crossed a threshold and no kill switch holds it yet, issues the
 * signed automatic KILL. Returns the trip it issued a KILL for, else null. Only a trip takes the
 * lock and reads sg.control to its end; then it is weighed again, as another instance may have
 * killed (or an operator resumed) the agent meanwhile.
 */
export async function watchAgent(deps: IssueDeps, agent: string, now: number): Promise<Trip | null> {
  const { db, schema, registry, thresholds } = deps;
  const free = () => !registry.fold.killSwitchOf(agent);
  const weigh = async (tx: Queryable) => {
    const after = registry.fold.lastCommandAt(agent);
    const since = windowStart(now, thresholds.windowMs, after);
    return { after, trip: tripOf(agent, await observe(tx, agent, since), thresholds, since) };
  };
  if (!free() || !(await inSchema(db, schema, weigh)).trip) return null;
  return inSchema(db, schema, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`swarmgate-watchdog:${agent}`]);
    await registry.readNow();
    if (!free()) return null;
    const { after, trip } = await weigh(tx);
    if (!trip) return null;
    const command = automaticKill(trip, after, now);
    // Durable before the lock is released: whoever reads sg.control to its end next sees it.
    await deps.bus.send([await controlRecord(deps.codec, deps.names, command, deps.signer)]);
    return trip;
  });
}
