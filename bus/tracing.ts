// W3C trace context across every asynchronous hop: each stage (the gate's decision, an agent's
// handling) is a span whose parent is the traceparent the record arrived with, and the records it
// writes carry that span's traceparent on. One workflow is one trace. Without an OpenTelemetry
// SDK registered, the incoming context passes through unchanged.
import { context, trace, ROOT_CONTEXT, SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const propagator = new W3CTraceContextPropagator();
const tracer = () => trace.getTracer('swarmgate');

interface Carrier {
  traceparent?: string;
  tracestate?: string;
}

const getter = {
  keys: (carrier: Carrier) => Object.keys(carrier),
  get: (carrier: Carrier, key: string) => carrier[key as keyof Carrier],
};
const setter = {
  set: (carrier: Carrier, key: string, value: string) => void (carrier[key as keyof Carrier] = value),
};

/** The traceparent to hand on from inside `span`, or the incoming one when nothing is recorded. */
export function traceparentOf(span: Span, fallback: string | null): string | null {
  const carrier: Carrier = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, setter);
  return carrier.traceparent ?? fallback;
}

/** Runs `work` in a span that continues the trace of `traceparent`. */
export async function inSpan<T>(
  name: string,
  traceparent: string | null,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = traceparent ? propagator.extract(ROOT_CONTEXT, { traceparent }, getter) : ROOT_CONTEXT;
  const span = tracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    throw error;
  } finally {
    span.end();
  }
}

/** One span per consumed batch handled in a transaction (bench:e2e reads the hops from these). */
export function inBatchSpan<T>(
  groupId: string,
  batch: { readonly topic: string; readonly partition: number; readonly records: readonly unknown[] },
  work: (committed: (outputs: number, sendingFrom: number) => void) => Promise<T>,
): Promise<T> {
  const attributes = {
    'swarmgate.group': groupId,
    'swarmgate.topic': batch.topic,
    'swarmgate.partition': batch.partition,
    'swarmgate.records': batch.records.length,
  };
  return inSpan('bus.transaction', null, attributes, (span) =>
    work((outputs, sendingFrom) =>
      span.setAttributes({
        'swarmgate.outputs': outputs,
        'swarmgate.commit_ms': performance.now() - sendingFrom,
      }),
    ),
  );
}
