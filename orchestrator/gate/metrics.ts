import { metrics, type Counter, type MeterProvider } from '@opentelemetry/api';
import type { PolicyVerdictRecord } from '../policy/types.ts';

interface Instruments {
  readonly provider: MeterProvider;
  readonly denials: Counter;
  readonly decisions: Counter;
}

let instruments: Instruments | undefined;

// Instruments bind to the provider registered when they are created; an SDK registered after
// start-up (the CLI's, or a test's) gets fresh ones instead of the no-op meter.
function current(): Instruments {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider === provider) return instruments;
  const meter = provider.getMeter('swarmgate-gate');
  instruments = {
    provider,
    denials: meter.createCounter('swarmgate.gate.denials', {
      description: 'Policy verdicts that denied a record or limited its recipients',
    }),
    decisions: meter.createCounter('swarmgate.gate.decisions', {
      description: 'Records decided by the gate, by outcome',
    }),
  };
  return instruments;
}

// Reasons carry record-specific details; the metric keeps the first clause so cardinality stays low.
const reasonClass = (reason: string) => reason.split(/[:(]/)[0]!.trim().slice(0, 80);

export function countDecision(outcome: string, verdicts: readonly PolicyVerdictRecord[]): void {
  const { denials, decisions } = current();
  decisions.add(1, { outcome });
  for (const { policy, verdict, reason } of verdicts) {
    if (verdict === 'DENY' || verdict === 'LIMIT')
      denials.add(1, { policy, verdict, reason: reasonClass(reason) });
  }
}
