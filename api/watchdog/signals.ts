// What the watchdog alerts on besides its own trips, each read the same way by every instance:
// kill switches in force (the followed sg.control), incidents newly projected (the incidents
// table) and consumer groups further behind than a threshold (api/dashboard/consumer-lag.ts).
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { inSchema, type Db } from '../../projector/index.ts';
import type { RegistryFold } from '../../registry/fold.ts';
import { consumerLag } from '../dashboard/consumer-lag.ts';
import { incidentAlert, killSwitchAlert, lagAlert, type Alert } from './alerts.ts';
import { FiringSet } from './firing.ts';
import { incidentsSince } from './observe.ts';

/** Firing for each kill switch newly in force, resolved for each lifted. */
export function killSwitchSignal(fold: RegistryFold, generatorURL: string) {
  const held = new FiringSet();
  return (now: number): Alert[] =>
    held.update(
      fold.killSwitches().map((command) => killSwitchAlert(command, generatorURL)),
      now,
    );
}

const INCIDENTS_PER_TICK = 500;

/**
 * One alert per incident projected since the watchdog started. A projector catching up on one
 * partition may project an incident decided before the newest one seen, so the watch reaches
 * back `lookBackMs` and remembers which it sent.
 */
export function incidentSignal(
  db: Db,
  schema: string,
  startedAt: number,
  lookBackMs: number,
  generatorURL: string,
) {
  const sent = new Map<string, number>();
  return async (now: number): Promise<Alert[]> => {
    const since = Math.max(startedAt, now - lookBackMs);
    for (const [id, at] of sent) if (at <= since) sent.delete(id);
    const rows = await inSchema(db, schema, (tx) => incidentsSince(tx, since, INCIDENTS_PER_TICK));
    const fresh = rows.filter((row) => !sent.has(row.decisionId));
    for (const row of fresh) sent.set(row.decisionId, row.decidedAt);
    return fresh.map((row) => incidentAlert(row, generatorURL));
  };
}

export interface LagSignalSources {
  readonly bus: Bus;
  readonly db: Db;
  readonly schema: string;
  readonly names: TopicNames;
  readonly projectorGroup: string;
}

/** Firing while a consumer group (gate, projector, an agent) is more than `maxLag` behind. */
export function lagSignal(
  sources: LagSignalSources,
  fold: RegistryFold,
  maxLag: number,
  generatorURL: string,
) {
  const lagging = new FiringSet();
  return async (now: number): Promise<Alert[]> => {
    const agents = fold.registrations().map((r) => r.name);
    const groups = await consumerLag(sources, agents);
    const over = groups.flatMap((g) => (g.lag !== null && g.lag > maxLag ? [{ ...g, lag: g.lag }] : []));
    return lagging.update(
      over.map((g) => lagAlert(g, maxLag, now, generatorURL)),
      now,
    );
  };
}
