// One inbox event through the decider, traced: decide (or the fallback) under the deadline and
// what the workflow may still spend, each proposal signed as an envelope answering the event.
import type { ConsumedRecord, OutgoingRecord } from '../../bus/port.ts';
import { inSpan, traceparentOf } from '../../bus/tracing.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, type Signer } from '../../schemas/envelope.ts';
import type { Envelope } from '../../schemas/generated/types.ts';
import type { AnyAgent, IncomingEvent } from '../decider.ts';
import type { LlmProvider } from '../llm/provider.ts';
import { answerEnvelope } from './envelopes.ts';
import { handleEvent } from './handle.ts';
import type { SpendLedger } from './ledger.ts';
import type { HandledTally } from './metrics.ts';

export interface ProposeOptions {
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly agent: AnyAgent;
  readonly identity: Signer;
  readonly llm: LlmProvider;
  readonly deadlineMs?: number;
  /** Tries of decide before the fallback when it fails retriably, the first included; 1 when unset. */
  readonly decideAttempts?: number;
  readonly clock?: () => number;
}

export interface Proposals {
  readonly outputs: OutgoingRecord[];
  /** Set when the fallback answered instead of decide. */
  readonly failure: string | null;
  /** What the outputs cost, in micros. */
  readonly costMicros: number;
}

export function proposeFor(options: ProposeOptions) {
  const { codec, names, agent, identity } = options;
  const clock = options.clock ?? Date.now;
  return async (
    acting: AnyAgent,
    record: ConsumedRecord,
    input: Envelope,
    event: IncomingEvent,
    scratch: { readonly state: unknown; readonly ledger: SpendLedger; readonly tally: HandledTally },
  ): Promise<Proposals> => {
    const now = clock();
    // The gate's span arrives in the header; the envelope's own traceparent is the sender's.
    const incoming = record.headers.traceparent?.toString() ?? input.traceparent ?? null;
    const attributes = {
      'swarmgate.agent': agent.name,
      'swarmgate.workflow': event.correlationId,
      'swarmgate.event_type': event.type,
      'swarmgate.record_timestamp': record.timestamp,
    };
    const handled = await inSpan(`agent.handle ${agent.name}`, incoming, attributes, async (span) => {
      const deciding = performance.now();
      const result = await handleEvent(acting, event, scratch.state, {
        llm: options.llm,
        now,
        deadlineMs: options.deadlineMs ?? 5_000,
        decideAttempts: options.decideAttempts,
        budgetLeftMicros: scratch.ledger.leftFor(event.correlationId),
      });
      scratch.tally.decided((performance.now() - deciding) / 1000);
      const cost = result.outputs.reduce((sum, output) => sum + output.costMicros, 0);
      span.setAttributes({
        'swarmgate.cost_micros': cost,
        'swarmgate.outputs': result.outputs.length,
        'swarmgate.fallback': result.failure ?? '',
      });
      return { ...result, cost, traceparent: traceparentOf(span, incoming) };
    });
    const { traceparent } = handled;
    const answer = { agent: agent.name, input, now, signer: identity, traceparent };
    const headers = traceparent ? { traceparent } : undefined;
    const outputs: OutgoingRecord[] = [];
    for (const [index, proposed] of handled.outputs.entries()) {
      scratch.ledger.add(event.correlationId, proposed.costMicros, event.occurredAt);
      const envelope = await answerEnvelope(codec, answer, proposed, index);
      const value = await encodeEnvelope(codec, envelope);
      outputs.push({ topic: names.proposed, key: event.correlationId, value, headers });
    }
    return { outputs, failure: handled.failure, costMicros: handled.cost };
  };
}
