// Activity per minute, for the operator's charts: how many decisions of each outcome (with the
// gate's latency summed), the DENY verdicts of each policy, the incidents of each type and the
// spend of each sender. One row per (minute, series, label), so a chart over an hour reads a
// few hundred rows however many decisions there are. Counters add up, so exactly-once rests on
// applyBatch never applying a decision twice, as for agent_stats.
import type { Decision } from '../../schemas/generated/types.ts';
import { costOf, isIncident } from '../../schemas/vocabulary.ts';
import { isoOf } from '../store/values.ts';
import { latencyMs } from './latency-buckets.ts';
import { stateless, type Projection } from './projection.ts';

export const ACTIVITY_SERIES = ['decided', 'denial', 'incident', 'spend'] as const;
export type ActivitySeries = (typeof ACTIVITY_SERIES)[number];

export interface ActivityCount {
  readonly series: ActivitySeries;
  readonly label: string;
  readonly count: number;
  /** decided: gate latency in ms; spend: micros; otherwise 0. */
  readonly total: number;
}

const MINUTE_MS = 60_000;
export const minuteOf = (epochMillis: number): number => Math.floor(epochMillis / MINUTE_MS) * MINUTE_MS;

const init = `
CREATE TABLE activity_minutes (
  minute timestamptz NOT NULL,
  series text NOT NULL,
  label  text NOT NULL,
  count  bigint NOT NULL,
  total  bigint NOT NULL,
  PRIMARY KEY (minute, series, label)
);
`;

/** The counts one decision adds to its minute. */
export function activityOf(decision: Decision): ActivityCount[] {
  const counts: ActivityCount[] = [
    {
      series: 'decided',
      label: decision.outcome,
      count: 1,
      total: latencyMs(decision.decidedAt, decision.origin.timestamp),
    },
  ];
  for (const { policy, verdict } of decision.verdicts)
    if (verdict === 'DENY') counts.push({ series: 'denial', label: policy, count: 1, total: 0 });
  if (isIncident(decision.eventType))
    counts.push({ series: 'incident', label: decision.eventType, count: 1, total: 0 });
  const spent = costOf(decision);
  if (spent > 0) counts.push({ series: 'spend', label: decision.sender, count: 1, total: spent });
  return counts;
}

// A policy may return DENY once per decision; grouping keeps ON CONFLICT to one row each.
const ADD = `
INSERT INTO activity_minutes AS a (minute, series, label, count, total)
SELECT $1::timestamptz, c.series, c.label, sum(c.count), sum(c.total)
  FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS c(series, label, count, total)
 GROUP BY c.series, c.label
ON CONFLICT (minute, series, label) DO UPDATE SET count = a.count + excluded.count, total = a.total + excluded.total`;

/** The decisions already in the audit log, counted once when the table is created. */
const backfill = `
INSERT INTO activity_minutes (minute, series, label, count, total)
WITH decided AS (
  SELECT canonical::jsonb AS d,
         to_timestamp(floor((canonical::jsonb ->> 'decidedAt')::bigint / 60000) * 60) AS minute
    FROM audit_log WHERE canonical NOT LIKE '{"unapplied":%'
)
SELECT minute, series, label, count(*), sum(total) FROM (
  SELECT minute, 'decided' AS series, d ->> 'outcome' AS label,
         GREATEST(0, (d ->> 'decidedAt')::bigint - (d -> 'origin' ->> 'timestamp')::bigint) AS total
    FROM decided
  UNION ALL
  SELECT minute, 'denial', v.policy, 0
    FROM decided CROSS JOIN LATERAL jsonb_to_recordset(d -> 'verdicts') AS v(policy text, verdict text)
   WHERE v.verdict = 'DENY'
  UNION ALL
  SELECT minute, 'incident', d ->> 'eventType', 0 FROM decided WHERE d ->> 'eventType' LIKE 'incident.%'
  UNION ALL
  SELECT minute, 'spend', d ->> 'sender', (d ->> 'costMicros')::bigint
    FROM decided WHERE (d ->> 'costMicros')::bigint > 0
) counted
GROUP BY minute, series, label;
`;

export const activityProjection: Projection<undefined> & { readonly backfill: string } = {
  name: 'activity_minutes',
  init,
  backfill,
  canHandle: () => true,
  load: stateless,
  evolve(decision) {
    const counts = activityOf(decision);
    const params = [
      isoOf(minuteOf(decision.decidedAt)),
      counts.map((c) => c.series),
      counts.map((c) => c.label),
      counts.map((c) => c.count),
      counts.map((c) => c.total),
    ];
    return [{ sql: ADD, params }];
  },
};
