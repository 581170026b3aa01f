// The gate's Prometheus metrics, on the registry of the process it runs in. Labels stay bounded:
// outcomes, the vocabulary's event types (any other type counts as "other"), policy ids and
// partitions; never a workflow or an event id.
import { Counter, Histogram, type Registry } from 'prom-client';
import { lagGauge } from '../../bus/consumer-lag.ts';
import { perRegistry } from '../../bus/process-metrics.ts';
import { meaningOf } from '../../schemas/vocabulary.ts';
import type { PolicyVerdictRecord } from '../policy/types.ts';

export const gateMetrics = perRegistry((registry: Registry) => ({
  decisions: new Counter({
    name: 'swarmgate_gate_decisions_total',
    help: 'Decisions the gate committed to sg.decisions, by outcome and event type',
    labelNames: ['outcome', 'event_type'],
    registers: [registry],
  }),
  denials: new Counter({
    name: 'swarmgate_gate_denials_total',
    help: 'Policy verdicts in committed decisions that denied a record (DENY) or limited its recipients (LIMIT), by policy',
    labelNames: ['policy', 'verdict'],
    registers: [registry],
  }),
  deadLetters: new Counter({
    name: 'swarmgate_gate_dead_letters_total',
    help: 'Records the gate could not open as an envelope and dead-lettered to sg.dlq',
    registers: [registry],
  }),
  evaluationSeconds: new Histogram({
    name: 'swarmgate_gate_evaluation_duration_seconds',
    help: 'Time the composite policy took to evaluate one record',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  }),
  transactionSeconds: new Histogram({
    name: 'swarmgate_gate_transaction_duration_seconds',
    help: "Time a batch's transaction took from its first write to its commit (deliveries, decisions, state, offsets)",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  lag: lagGauge(
    registry,
    'swarmgate_gate_consumer_lag',
    "Records on the gate's input topics its consumer group has not handled yet, per partition",
  ),
}));

export type GateMetrics = ReturnType<typeof gateMetrics>;

const typeLabel = (type: string): string => (meaningOf(type) === undefined ? 'other' : type);

interface Decided {
  readonly outcome: string;
  readonly eventType: string;
  readonly verdicts: readonly PolicyVerdictRecord[];
}

/** What one batch decides, counted once its transaction commits: a batch retried counts once. */
export class DecisionTally {
  private readonly decided: Decided[] = [];
  private deadLetters = 0;

  constructor(private readonly metrics: GateMetrics) {}

  evaluated(seconds: number): void {
    this.metrics.evaluationSeconds.observe(seconds);
  }

  add(decided: Decided): void {
    this.decided.push(decided);
  }

  deadLettered(): void {
    this.deadLetters += 1;
  }

  commit(): void {
    const { decisions, denials, deadLetters } = this.metrics;
    for (const { outcome, eventType, verdicts } of this.decided) {
      decisions.inc({ outcome, event_type: typeLabel(eventType) });
      for (const { policy, verdict } of verdicts)
        if (verdict === 'DENY' || verdict === 'LIMIT') denials.inc({ policy, verdict });
    }
    if (this.deadLetters > 0) deadLetters.inc(this.deadLetters);
  }
}
