// The projector's Prometheus metrics, on the registry of the process it runs in. Labels stay
// bounded: outcomes, the consumer group and partitions.
import { Counter, Histogram, type Registry } from 'prom-client';
import { lagGauge } from '../bus/consumer-lag.ts';
import { perRegistry } from '../bus/process-metrics.ts';
import type { AppliedBatch } from './apply-records.ts';

export const projectorMetrics = perRegistry((registry: Registry) => ({
  records: new Counter({
    name: 'swarmgate_projector_records_total',
    help: 'Decisions the projector committed, by outcome: applied to the projections, unapplied (audited with the reason, e.g. undecodable) or skipped (already held)',
    labelNames: ['outcome'],
    registers: [registry],
  }),
  auditRows: new Counter({
    name: 'swarmgate_projector_audit_rows_total',
    help: 'Audit rows this process appended (decisions applied and recorded as unapplied)',
    registers: [registry],
  }),
  batchSeconds: new Histogram({
    name: 'swarmgate_projector_batch_duration_seconds',
    help: 'Time one batch took to decode, apply in one database transaction with its offsets, and publish its checkpoints',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  lag: lagGauge(
    registry,
    'swarmgate_projector_consumer_lag',
    'Decisions on sg.decisions past the positions the projector stored in its database, per partition',
  ),
}));

export type ProjectorMetrics = ReturnType<typeof projectorMetrics>;

/** Counts a committed batch. */
export function countBatch(metrics: ProjectorMetrics, batch: AppliedBatch, seconds: number): void {
  metrics.records.inc({ outcome: 'applied' }, batch.applied);
  metrics.records.inc({ outcome: 'unapplied' }, batch.unapplied);
  metrics.records.inc({ outcome: 'skipped' }, batch.skipped);
  metrics.auditRows.inc(batch.applied + batch.unapplied);
  metrics.batchSeconds.observe(seconds);
}
