// One workflow is one trace: the gate's decision and every agent's handling are spans chained by
// the W3C trace context the records carry across Kafka.
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyst } from '../agents/banking/analyst.ts';
import { fraud } from '../agents/banking/fraud.ts';
import { ModelTiering } from '../agents/llm/tiering.ts';
import { ScriptedModel } from '../agents/llm/scripted.ts';
import type { RunningAgent } from '../agents/runtime/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { startGate, type Gate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import { transactionPosted } from './support/envelopes.ts';
import { defaultPolicyPath } from './support/gate-harness.ts';
import { uniqueName } from './support/names.ts';
import { postedFields } from './support/proposals.ts';
import { services } from './support/services.ts';
import { runAgent } from './support/swarm-harness.ts';

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);

describe('tracing across the swarm', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const names = topicNames(`${uniqueName('trace')}.`);
  const agents: RunningAgent[] = [];
  let gate: Gate;

  beforeAll(async () => {
    await codec.registerAll();
    await bus.createTopics(topicSpecs(names, { partitions: 3, agents: ['analyst', 'fraud'] }));
    const llm = new ScriptedModel(ModelTiering.load().prices);
    for (const agent of [analyst, fraud]) agents.push(await runAgent(bus, codec, names, agent, { llm }));
    gate = await startGate({
      bus,
      codec,
      names,
      composite: loadComposite(defaultPolicyPath),
      operatorKeys: testOperator().keys,
    });
  });
  afterAll(async () => {
    await gate.stop();
    await Promise.all(agents.map((agent) => agent.stop()));
    await bus.close();
  });

  it('shows a multi-hop workflow as one trace with a span per hop, agent, cost and verdict', async () => {
    // Given an upstream transaction that starts a trace
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const fields = postedFields({
      consent: ['analytics', 'profiling'],
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    const envelope = await sealEnvelope(codec, fields, transactionPosted());
    await bus.send([
      { topic: names.ingress, key: fields.correlationId, value: await encodeEnvelope(codec, envelope) },
    ]);

    // When the swarm has handled it: gate → fraud → gate (fraud's score) and gate → analyst → gate
    const spansOf = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    await waitFor(() => spansOf().filter((s) => s.name === 'gate.decide').length >= 3);

    // Then every span belongs to the one trace, each hop is the child of the one before
    const spans = spansOf();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const fraudSpan = spans.find((s) => s.name === 'agent.handle fraud')!;
    const fraudParent = byId.get(fraudSpan.parentSpanContext!.spanId)!;
    expect(fraudParent.name).toBe('gate.decide');
    expect(fraudParent.attributes['swarmgate.outcome']).toBe('DELIVERED');
    expect(fraudParent.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(fraudSpan.attributes).toMatchObject({ 'swarmgate.agent': 'fraud', 'swarmgate.cost_micros': 0 });
    const scoreDecision = spans.find(
      (s) => s.name === 'gate.decide' && s.attributes['swarmgate.event_type'] === 'fraud.RiskScored',
    )!;
    expect(byId.get(scoreDecision.parentSpanContext!.spanId)).toBe(fraudSpan);
    expect(spans.some((s) => s.name === 'agent.handle analyst')).toBe(true);
  });
});

/** Spans are exported as they end; the wait is on that condition, re-checked as the loop turns. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
