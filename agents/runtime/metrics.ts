// An agent's Prometheus metrics, on the registry of the process it runs in; every agent of a
// process (all of them under `swarmgate up`) shares them, labelled by agent name: bounded.
import { Counter, Histogram, type Registry } from 'prom-client';
import { lagGauge } from '../../bus/consumer-lag.ts';
import { perRegistry } from '../../bus/process-metrics.ts';

/** What became of an inbox record: decide answered, the fallback answered, or a dead letter. */
export type RecordOutcome = 'produced' | 'fallback' | 'dead_lettered';

export const agentMetrics = perRegistry((registry: Registry) => ({
  records: new Counter({
    name: 'swarmgate_agent_records_total',
    help: 'Inbox records an agent handled and committed, by outcome: produced (decide answered), fallback, dead_lettered',
    labelNames: ['agent', 'outcome'],
    registers: [registry],
  }),
  decideSeconds: new Histogram({
    name: 'swarmgate_agent_decide_duration_seconds',
    help: 'Time one decide call took, its fallback included when it failed or ran out of time',
    labelNames: ['agent'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
  spend: new Counter({
    name: 'swarmgate_agent_spend_micros_total',
    help: 'What the outputs an agent committed cost (model calls), in micros of the currency unit',
    labelNames: ['agent'],
    registers: [registry],
  }),
  inboxLag: lagGauge(
    registry,
    'swarmgate_agent_inbox_lag',
    "Records in an agent's inbox its consumer group has not handled yet, per partition",
    ['agent'],
  ),
}));

export type AgentMetrics = ReturnType<typeof agentMetrics>;

/** One batch's outcomes and spend, counted once its transaction commits. */
export class HandledTally {
  private readonly outcomes: RecordOutcome[] = [];
  private spentMicros = 0;

  constructor(
    private readonly metrics: AgentMetrics,
    private readonly agent: string,
  ) {}

  decided(seconds: number): void {
    this.metrics.decideSeconds.observe({ agent: this.agent }, seconds);
  }

  add(outcome: Exclude<RecordOutcome, 'dead_lettered'>, costMicros: number): void {
    this.outcomes.push(outcome);
    this.spentMicros += costMicros;
  }

  deadLettered(count: number): void {
    for (let i = 0; i < count; i += 1) this.outcomes.push('dead_lettered');
  }

  commit(): void {
    for (const outcome of this.outcomes) this.metrics.records.inc({ agent: this.agent, outcome });
    if (this.spentMicros > 0) this.metrics.spend.inc({ agent: this.agent }, this.spentMicros);
  }
}
