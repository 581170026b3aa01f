// What the overview charts read: workflows by status, and the hour (or the window asked for) of
// activity up to the latest decided minute, from the per-minute projection (activity_minutes)
// and the workflows finished in it. Each query is an index range or a small table, so the page
// costs the same on a million decisions as on ten.
import { inSchema, type Db, type Queryable } from '../../projector/index.ts';
import { asDate, asNumber, asText } from '../../projector/store/values.ts';

export interface MinuteCount {
  readonly minute: string;
  readonly series: string;
  readonly label: string;
  readonly count: number;
  readonly total: number;
}

export interface FinishedMinute {
  readonly minute: string;
  readonly status: string;
  readonly workflows: number;
  /** First decision to last, in ms: the workflow's end-to-end latency. */
  readonly avgLatencyMs: number;
  readonly maxLatencyMs: number;
}

export interface Overview {
  readonly statuses: Record<string, number>;
  /** The window's last minute (UTC ISO), or null before any decision. */
  readonly upTo: string | null;
  readonly minutes: number;
  readonly activity: readonly MinuteCount[];
  readonly finished: readonly FinishedMinute[];
}

// Kept by a trigger on workflows (migration 10): six rows, not a scan of every workflow.
const STATUSES_SQL = 'SELECT status, workflows AS n FROM workflow_status_counts WHERE workflows > 0';
// The primary key leads with minute: max() is one index probe, the window one index range.
const LATEST_SQL = 'SELECT max(minute) AS upto FROM activity_minutes';
// A day's window is thousands of rows: the minute leaves PostgreSQL as the ISO text the page
// gets, not as a timestamp parsed into a Date and formatted again on the event loop.
const ISO_MINUTE = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ACTIVITY_SQL = `
SELECT ${ISO_MINUTE('minute')} AS minute, series, label, count, total FROM activity_minutes
 WHERE minute > $1::timestamptz - make_interval(mins => $2) AND minute <= $1::timestamptz
 ORDER BY minute, series, label`;
// workflows_by_activity (last_seen_at DESC): the window is an index range.
const FINISHED_SQL = `
SELECT ${ISO_MINUTE("date_trunc('minute', last_seen_at)")} AS minute, status, count(*) AS n,
       avg(extract(epoch FROM last_seen_at - first_seen_at) * 1000) AS avg_ms,
       max(extract(epoch FROM last_seen_at - first_seen_at) * 1000) AS max_ms
  FROM workflows
 WHERE last_seen_at > $1::timestamptz - make_interval(mins => $2)
   AND last_seen_at < $1::timestamptz + interval '1 minute'
   AND status IN ('completed', 'partial', 'denied', 'failed')
 GROUP BY 1, 2 ORDER BY 1, 2`;

async function statusCounts(tx: Queryable): Promise<Record<string, number>> {
  const { rows } = await tx.query(STATUSES_SQL);
  return Object.fromEntries(rows.map((row) => [asText(row.status), asNumber(row.n)]));
}

const minuteCount = (row: Record<string, unknown>): MinuteCount => ({
  minute: asText(row.minute),
  series: asText(row.series),
  label: asText(row.label),
  count: asNumber(row.count),
  total: asNumber(row.total),
});

const finishedMinute = (row: Record<string, unknown>): FinishedMinute => ({
  minute: asText(row.minute),
  status: asText(row.status),
  workflows: asNumber(row.n),
  avgLatencyMs: Math.round(Number(row.avg_ms)),
  maxLatencyMs: Math.round(Number(row.max_ms)),
});

/** The overview over `minutes` minutes up to the latest decided minute. */
export function overview(db: Db, schema: string, minutes: number): Promise<Overview> {
  return inSchema(db, schema, async (tx) => {
    const statuses = await statusCounts(tx);
    const latest = (await tx.query(LATEST_SQL)).rows[0]?.upto;
    if (latest === null || latest === undefined)
      return { statuses, upTo: null, minutes, activity: [], finished: [] };
    const upTo = asDate(latest).toISOString();
    const [activity, finished] = [
      (await tx.query(ACTIVITY_SQL, [upTo, minutes])).rows.map(minuteCount),
      (await tx.query(FINISHED_SQL, [upTo, minutes])).rows.map(finishedMinute),
    ];
    return { statuses, upTo, minutes, activity, finished };
  });
}
