// Per-agent counters. An agent is credited as the sender of a decision (sent, denied,
// fallbacks, errors, cost, latency) and as a recipient it was routed to (handled).
//   fallbacks: the `failed` events it sent (schemas/vocabulary.ts: its deterministic fallback ran)
//   errors:    any other incident.* event it sent (timeouts, crashes, open circuits)
//   cost:      the cost of what it sent (costOf: every outcome)
// Counters add up, so exactly-once rests on applyBatch never applying a decision twice.
import type { Decision } from '../../schemas/generated/types.ts';
import { costOf, FALLBACK, isIncident } from '../../schemas/vocabulary.ts';
import { isoOf } from '../store/values.ts';
import { latencyBucket, latencyMs } from './latency-buckets.ts';
import { stateless, type Projection, type SqlStatement } from './projection.ts';

const init = `
CREATE TABLE agent_stats (
  agent          text PRIMARY KEY,
  sent           bigint NOT NULL,
  handled        bigint NOT NULL,
  denied         bigint NOT NULL,
  fallbacks      bigint NOT NULL,
  errors         bigint NOT NULL,
  cost_micros    bigint NOT NULL,
  latency_sum_ms bigint NOT NULL,
  first_seen_at  timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL
);
CREATE TABLE agent_latency (
  agent text NOT NULL,
  le    text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (agent, le)
);
`;

interface AgentDelta {
  sent: number;
  handled: number;
  denied: number;
  fallbacks: number;
  errors: number;
  costMicros: number;
  latencySumMs: number;
}

const zero = (): AgentDelta => ({
  sent: 0,
  handled: 0,
  denied: 0,
  fallbacks: 0,
  errors: 0,
  costMicros: 0,
  latencySumMs: 0,
});

export function agentDeltas(decision: Decision): Map<string, AgentDelta> {
  const deltas = new Map<string, AgentDelta>();
  const of = (agent: string): AgentDelta => {
    const known = deltas.get(agent);
    if (known) return known;
    const fresh = zero();
    deltas.set(agent, fresh);
    return fresh;
  };
  const sender = of(decision.sender);
  const incident = isIncident(decision.eventType);
  const fallback = decision.eventType === FALLBACK;
  sender.sent += 1;
  sender.denied += decision.outcome === 'DENIED' ? 1 : 0;
  sender.fallbacks += fallback ? 1 : 0;
  sender.errors += incident && !fallback ? 1 : 0;
  sender.costMicros += costOf(decision);
  sender.latencySumMs += latencyMs(decision.decidedAt, decision.origin.timestamp);
  for (const recipient of new Set(decision.routedTo)) of(recipient).handled += 1;
  return deltas;
}

// One round trip per decision: every agent it touches, then the sender's latency bucket.
const addToAgents = (
  deltas: Map<string, AgentDelta>,
  seenAt: string,
  sender: string,
  bucket: string,
): SqlStatement => {
  const column = (pick: (delta: AgentDelta) => number) => [...deltas.values()].map(pick);
  return {
    sql: `WITH stats AS (
            INSERT INTO agent_stats AS s (agent, sent, handled, denied, fallbacks, errors, cost_micros, latency_sum_ms,
              first_seen_at, last_seen_at)
            SELECT d.*, $9::timestamptz, $9::timestamptz
            FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
              $8::bigint[]) AS d
            ON CONFLICT (agent) DO UPDATE SET
              sent = s.sent + excluded.sent, handled = s.handled + excluded.handled,
              denied = s.denied + excluded.denied, fallbacks = s.fallbacks + excluded.fallbacks,
              errors = s.errors + excluded.errors, cost_micros = s.cost_micros + excluded.cost_micros,
              latency_sum_ms = s.latency_sum_ms + excluded.latency_sum_ms,
              first_seen_at = LEAST(s.first_seen_at, excluded.first_seen_at),
              last_seen_at = GREATEST(s.last_seen_at, excluded.last_seen_at)
          )
          INSERT INTO agent_latency AS l (agent, le, count) VALUES ($10, $11, 1)
          ON CONFLICT (agent, le) DO UPDATE SET count = l.count + 1`,
    params: [
      [...deltas.keys()],
      column((d) => d.sent),
      column((d) => d.handled),
      column((d) => d.denied),
      column((d) => d.fallbacks),
      column((d) => d.errors),
      column((d) => d.costMicros),
      column((d) => d.latencySumMs),
      seenAt,
      sender,
      bucket,
    ],
  };
};

export const agentStatsProjection: Projection<undefined> = {
  name: 'agent_stats',
  init,
  canHandle: () => true,
  load: stateless,
  evolve(decision) {
    const bucket = latencyBucket(latencyMs(decision.decidedAt, decision.origin.timestamp));
    return [addToAgents(agentDeltas(decision), isoOf(decision.decidedAt), decision.sender, bucket)];
  },
};
