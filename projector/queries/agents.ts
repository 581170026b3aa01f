import type { Db, Row } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { asDate, asNumber, asText } from '../store/values.ts';

export interface AgentStats {
  readonly agent: string;
  readonly sent: number;
  readonly handled: number;
  readonly denied: number;
  readonly fallbacks: number;
  readonly errors: number;
  readonly costMicros: number;
  readonly latencySumMs: number;
  /** Decisions per latency bucket, keyed by upper bound in ms ('+Inf' for the rest). */
  readonly latency: Readonly<Record<string, number>>;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

const statsFromRow = (row: Row, latency: Record<string, number>): AgentStats => ({
  agent: asText(row.agent),
  sent: asNumber(row.sent),
  handled: asNumber(row.handled),
  denied: asNumber(row.denied),
  fallbacks: asNumber(row.fallbacks),
  errors: asNumber(row.errors),
  costMicros: asNumber(row.cost_micros),
  latencySumMs: asNumber(row.latency_sum_ms),
  latency,
  firstSeenAt: asDate(row.first_seen_at).toISOString(),
  lastSeenAt: asDate(row.last_seen_at).toISOString(),
});

/** Every agent seen, by name; or one agent when named. */
export function agentStats(db: Db, schema: string, agent?: string): Promise<AgentStats[]> {
  return inSchema(db, schema, async (tx) => {
    const only = [agent ?? null];
    const stats = await tx.query(
      'SELECT * FROM agent_stats WHERE $1::text IS NULL OR agent = $1 ORDER BY agent',
      only,
    );
    const buckets = await tx.query(
      'SELECT agent, le, count FROM agent_latency WHERE $1::text IS NULL OR agent = $1',
      only,
    );
    const latencyOf = new Map<string, Record<string, number>>();
    for (const row of buckets.rows) {
      const histogram = latencyOf.get(asText(row.agent)) ?? {};
      histogram[asText(row.le)] = asNumber(row.count);
      latencyOf.set(asText(row.agent), histogram);
    }
    return stats.rows.map((row) => statsFromRow(row, latencyOf.get(asText(row.agent)) ?? {}));
  });
}
