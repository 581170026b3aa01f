// The hops of a workflow, read from the swarm's spans: how long a record waited in its topic
// before the gate or an agent picked it up, how long the gate evaluated it or the agent decided,
// and how long the batch's transaction took to commit.
import { percentile } from '../support.ts';
import type { CollectedSpan } from './collector.ts';

export interface HopFigures {
  readonly hop: string;
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
}

type Hop = readonly [string, (span: CollectedSpan) => number | undefined];

const waited = (span: CollectedSpan) => {
  const at = span.attributes['swarmgate.record_timestamp'];
  return typeof at === 'number' ? span.startMs - at : undefined;
};
const named =
  (prefix: string, measure: (span: CollectedSpan) => number | undefined) => (span: CollectedSpan) =>
    span.name.startsWith(prefix) ? measure(span) : undefined;
const committed = (gate: boolean) => (span: CollectedSpan) => {
  if (span.name !== 'bus.transaction') return undefined;
  const isGate = String(span.attributes['swarmgate.group']).endsWith('.gate');
  const ms = span.attributes['swarmgate.commit_ms'];
  return isGate === gate && typeof ms === 'number' ? ms : undefined;
};

const hops: readonly Hop[] = [
  ['waiting in sg.ingress/sg.proposed', named('gate.decide', waited)],
  ['gate evaluation', named('gate.decide', (span) => span.durationMs)],
  ['gate transaction commit', committed(true)],
  ['waiting in an inbox', named('agent.handle', waited)],
  ['agent decide', named('agent.handle', (span) => span.durationMs)],
  ['agent produce (transaction commit)', committed(false)],
];

/** Per hop, the p50 and p99 in ms of the spans that started in [from, to). */
export function hopFigures(spans: readonly CollectedSpan[], from: number, to: number): HopFigures[] {
  const inWindow = spans.filter((span) => span.startMs >= from && span.startMs < to);
  return hops.map(([hop, measure]) => {
    const values = inWindow.map(measure).filter((v): v is number => v !== undefined);
    return { hop, count: values.length, p50: percentile(values, 50), p99: percentile(values, 99) };
  });
}
