// One record in, the gate's outputs out: a delivery per permitted recipient and one decision.
import { createHash } from 'node:crypto';
import type { Span } from '@opentelemetry/api';
import type { ConsumedRecord, OutgoingRecord } from '../../bus/port.ts';
import { inSpan, traceparentOf } from '../../bus/tracing.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, openEnvelope, signedBytes, type OpenedEnvelope } from '../../schemas/envelope.ts';
import type { Decision, DecisionOutcome, Envelope, RecordName } from '../../schemas/generated/types.ts';
import { inboxKeyOf } from '../../schemas/state-key.ts';
import type { Composite } from '../policy/composite.ts';
import type { Evaluation, GateView, Proposal } from '../policy/types.ts';
import type { AgentDirectory } from '../state/directory.ts';
import type { LedgerEntry } from '../state/ledger.ts';
import type { DecisionTally } from './metrics.ts';

/** The state a decision reads, and where it records what it changed. */
export interface DecideLedger extends Pick<
  GateView,
  'spentMicros' | 'tenantOf' | 'rateCount' | 'deliveredAt' | 'provenanceOf'
> {
  record(entry: LedgerEntry): void;
}

export interface DecideContext {
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly composite: Composite;
  readonly directory: AgentDirectory;
  readonly ledger: DecideLedger;
  /** Counts this batch's decisions once its transaction commits. */
  readonly tally: DecisionTally;
  readonly instanceId: string;
  readonly now: number;
}

/** Same record, same id: a batch retried after a crash produces the same decision ids. */
export function decisionIdOf(record: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>): string {
  const hex = createHash('sha256')
    .update(`${record.topic}/${record.partition}/${record.offset}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function viewFor(ctx: DecideContext): GateView {
  return {
    recipientsFor: (type) => ctx.directory.recipientsFor(type),
    publicKeyOf: (sender) => ctx.directory.publicKeyOf(sender),
    registrationOf: (name) => ctx.directory.registrationOf(name),
    allKilled: ctx.directory.allKilled,
    isKilled: (agent) => ctx.directory.killSwitchOf(agent) !== undefined,
    spentMicros: (id) => ctx.ledger.spentMicros(id),
    tenantOf: (id) => ctx.ledger.tenantOf(id),
    rateCount: (key, windowMs, now) => ctx.ledger.rateCount(key, windowMs, now),
    deliveredAt: (eventId) => ctx.ledger.deliveredAt(eventId),
    provenanceOf: (id) => ctx.ledger.provenanceOf(id),
  };
}

/** The envelope as delivered: the original bytes, or re-encoded around a redacted payload. */
async function deliveredBytes(
  ctx: DecideContext,
  record: ConsumedRecord,
  opened: OpenedEnvelope,
  evaluation: Evaluation,
) {
  if (evaluation.payload === opened.payload || evaluation.payload === null)
    return { value: record.value!, redacted: false };
  const payload = await ctx.codec.encode(opened.envelope.type as RecordName, evaluation.payload as never);
  // The sender's signature covered the original payload; the gate is now the author of this copy.
  const value = await encodeEnvelope(ctx.codec, { ...opened.envelope, payload, signature: null });
  return { value, redacted: true };
}

function outcomeOf(evaluation: Evaluation): DecisionOutcome {
  if (evaluation.denied) return 'DENIED';
  return evaluation.recipients.length === 0 ? 'NO_RECIPIENT' : 'DELIVERED';
}

/** Agents that were never candidates, so the decision says why each one was not routed to. */
function notConsuming(ctx: DecideContext, envelope: Envelope, evaluation: Evaluation) {
  const considered = new Set([
    ...evaluation.recipients.map((a) => a.name),
    ...evaluation.excluded.map((e) => e.agent),
  ]);
  return ctx.directory
    .inventory()
    .filter((agent) => !considered.has(agent.name))
    .map((agent) => ({ agent: agent.name, policy: 'routing', reason: `does not consume ${envelope.type}` }));
}

export async function decideRecord(
  ctx: DecideContext,
  record: ConsumedRecord,
  origin: Proposal['origin'],
): Promise<OutgoingRecord[]> {
  const opened = await openEnvelope(ctx.codec, record.value);
  const incoming = record.headers.traceparent?.toString() ?? opened.envelope.traceparent ?? null;
  const attributes = {
    'swarmgate.workflow': opened.envelope.correlationId,
    'swarmgate.event_type': opened.envelope.type,
    'swarmgate.sender': opened.envelope.source,
    // When the record reached the topic: the span's start minus this is its wait in the topic.
    'swarmgate.record_timestamp': record.timestamp,
  };
  return inSpan('gate.decide', incoming, attributes, (span) =>
    decideOpened(ctx, record, origin, opened, span, incoming),
  );
}

async function decideOpened(
  ctx: DecideContext,
  record: ConsumedRecord,
  origin: Proposal['origin'],
  opened: OpenedEnvelope,
  span: Span,
  incoming: string | null,
): Promise<OutgoingRecord[]> {
  const { envelope } = opened;
  const proposal: Proposal = {
    origin,
    envelope,
    payload: opened.payload,
    payloadError: opened.payloadError,
    sizeBytes: record.value!.length,
    signedBytes: signedBytes(ctx.codec, envelope),
    now: ctx.now,
  };
  const evaluating = performance.now();
  const evaluation = ctx.composite.evaluate(proposal, viewFor(ctx));
  ctx.tally.evaluated((performance.now() - evaluating) / 1000);
  const outcome = outcomeOf(evaluation);
  const decisionId = decisionIdOf(record);
  const delivered = await deliveredBytes(ctx, record, opened, evaluation);
  const traceparent = traceparentOf(span, incoming);
  span.setAttributes({
    'swarmgate.outcome': outcome,
    'swarmgate.cost_micros': envelope.costMicros ?? 0,
    'swarmgate.policy_version': ctx.composite.version,
    'swarmgate.routed_to': evaluation.recipients.map((a) => a.name).join(','),
    'swarmgate.denied_by': evaluation.verdicts
      .filter((v) => v.verdict === 'DENY')
      .map((v) => v.policy)
      .join(','),
  });
  const headers = {
    ...(traceparent ? { traceparent } : {}),
    'sg-decision-id': decisionId,
    'sg-policy-version': ctx.composite.version,
    ...(delivered.redacted ? { 'sg-redacted': 'true' } : {}),
  };
  const deliveries: OutgoingRecord[] = evaluation.recipients.map((agent) => ({
    topic: ctx.names.inbox(agent.name),
    key: inboxKeyOf(agent, envelope.correlationId, opened.payload),
    value: delivered.value,
    headers,
  }));
  const decision: Decision = {
    decisionId,
    policyVersion: ctx.composite.version,
    decidedAt: ctx.now,
    gateInstance: ctx.instanceId,
    origin: {
      topic: record.topic,
      partition: record.partition,
      offset: Number(record.offset),
      timestamp: record.timestamp,
    },
    correlationId: envelope.correlationId,
    eventId: envelope.id,
    eventType: envelope.type,
    sender: envelope.source,
    costMicros: envelope.costMicros ?? 0,
    hops: envelope.hops ?? 0,
    outcome,
    verdicts: evaluation.verdicts,
    routedTo: evaluation.recipients.map((agent) => agent.name),
    notRouted: [
      ...evaluation.excluded.map(({ agent, policy, reason }) => ({ agent, policy, reason })),
      ...notConsuming(ctx, envelope, evaluation),
    ],
    envelope: delivered.value,
    recordSha256: createHash('sha256').update(record.value!).digest('hex'),
    rateKeys: evaluation.rateKeys,
    traceparent,
  };
  ctx.ledger.record({
    eventId: envelope.id,
    correlationId: envelope.correlationId,
    delivered: outcome === 'DELIVERED',
    denied: outcome === 'DENIED',
    costMicros: decision.costMicros ?? 0,
    decidedAt: ctx.now,
    tenant: outcome === 'DENIED' ? null : envelope.actor.tenantId,
    provenance: evaluation.provenance,
  });
  ctx.tally.add({ outcome, eventType: envelope.type, verdicts: evaluation.verdicts });
  const decisionRecord: OutgoingRecord = {
    topic: ctx.names.decisions,
    key: envelope.correlationId,
    value: await ctx.codec.encode('swarmgate.v1.Decision', decision),
    headers,
  };
  return [...deliveries, decisionRecord];
}
