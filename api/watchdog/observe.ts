// What the watchdog weighs, read from the projection every API instance shares (so every
// instance sees the same numbers): an agent's incidents since a moment (the incidents table, to
// the millisecond) and its spend (activity_minutes, to the minute: the minute `since` falls in
// counts whole); and the incidents to alert on.
import type { Queryable } from '../../projector/index.ts';
import { minuteOf } from '../../projector/projections/activity.ts';
import { asDate, asNumber, asText, isoOf } from '../../projector/store/values.ts';
import type { IncidentRow } from './alerts.ts';
import type { Observed } from './thresholds.ts';

const INCIDENTS = `SELECT count(*) AS n FROM incidents WHERE sender = $1 AND decided_at > $2::timestamptz`;
const SPEND = `SELECT coalesce(sum(total), 0) AS micros FROM activity_minutes
  WHERE series = 'spend' AND label = $1 AND minute >= $2::timestamptz`;

/** The agent's incidents and spend since `since` (epoch ms), in a transaction scoped to the projector's schema. */
export async function observe(tx: Queryable, agent: string, since: number): Promise<Observed> {
  const from = Number.isFinite(since) ? since : 0;
  const [incidents, spend] = [
    await tx.query(INCIDENTS, [agent, isoOf(from)]),
    await tx.query(SPEND, [agent, isoOf(minuteOf(from))]),
  ];
  return {
    incidents: asNumber(incidents.rows[0]?.n ?? 0),
    spendMicros: asNumber(spend.rows[0]?.micros ?? 0),
  };
}

const RECENT = `SELECT decision_id, sender, event_type, correlation_id, decided_at FROM incidents
  WHERE decided_at > $1::timestamptz ORDER BY decided_at LIMIT $2`;

/** The incidents decided after `since` (epoch ms), oldest first, at most `limit`. */
export async function incidentsSince(tx: Queryable, since: number, limit: number): Promise<IncidentRow[]> {
  const { rows } = await tx.query(RECENT, [isoOf(since), limit]);
  return rows.map((row) => ({
    decisionId: asText(row.decision_id),
    sender: asText(row.sender),
    eventType: asText(row.event_type),
    correlationId: asText(row.correlation_id),
    decidedAt: asDate(row.decided_at).getTime(),
  }));
}
