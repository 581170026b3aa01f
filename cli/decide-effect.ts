// What a human decision caused. Delivery to compliance is not enough: compliance answers it
// (review completed, approval refused, or nothing while more approvals are needed) and the gate
// decides that answer too. Compliance produces its answer in the transaction that commits its
// inbox offset, so once its group is past the delivered record, the answer exists or never will.
import { agentGroupId, outputId } from '../agents/runtime/index.ts';
import type { KafkaBus } from '../bus/kafka/index.ts';
import type { OffsetCommit } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import type { Decision } from '../schemas/generated/types.ts';
import { APPROVAL_REFUSAL } from '../schemas/vocabulary.ts';
import { awaitDecisionOn } from './await-decision.ts';

export const escalationOwner = 'compliance';
/** Producer clocks of the gate and compliance may trail this one; replays start this far back. */
const clockMarginMs = 60_000;
const pollMs = 200;

export type Effect =
  | { readonly kind: 'completed'; readonly decision: Decision }
  | { readonly kind: 'refused'; readonly decision: Decision; readonly reason: string }
  | { readonly kind: 'denied'; readonly decision: Decision }
  | { readonly kind: 'awaiting' }
  | { readonly kind: 'unhandled' }
  | { readonly kind: 'undecided'; readonly eventId: string };

export interface EffectQuery {
  readonly bus: KafkaBus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly workflow: string;
  /** The human decision's envelope id, and the gate's decision that delivered it. */
  readonly humanId: string;
  readonly delivered: Decision;
  readonly sentAt: number;
  /** sg.decisions offsets taken before the human decision was sent. */
  readonly decisionsFrom: readonly OffsetCommit[];
  readonly deadline: number;
}

interface InboxPosition {
  readonly partition: number;
  readonly offset: string;
}

/** The inbox record the gate wrote for its decision. */
async function deliveredRecord(query: EffectQuery): Promise<InboxPosition | undefined> {
  let found: InboxPosition | undefined;
  const start = { timestamp: query.sentAt - clockMarginMs };
  await query.bus.replay(query.names.inbox(escalationOwner), start, (record) => {
    if (record.headers['sg-decision-id']?.toString() === query.delivered.decisionId)
      found = { partition: record.partition, offset: record.offset };
  });
  return found;
}

async function handledBy(query: EffectQuery, record: InboxPosition): Promise<boolean> {
  const group = agentGroupId(query.names, escalationOwner);
  while (Date.now() < query.deadline) {
    const committed = await query.bus.committedOffsets(group, query.names.inbox(escalationOwner));
    const mine = committed.find((c) => c.partition === record.partition);
    if (mine && BigInt(mine.offset) > BigInt(record.offset)) return true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return false;
}

/** Whether compliance proposed an answer to the human decision (its id is derived from the input's). */
async function answerProposed(query: EffectQuery, answerId: string): Promise<boolean> {
  let found = false;
  await query.bus.replay(
    query.names.proposed,
    { timestamp: query.sentAt - clockMarginMs },
    async (record) => {
      if (found || record.key?.toString() !== query.workflow) return;
      const envelope = await query.codec.decodeAs('swarmgate.v1.Envelope', record.value).catch(() => null);
      found = envelope?.id === answerId;
    },
  );
  return found;
}

async function refusalReason(codec: Codec, decision: Decision): Promise<string> {
  const reason = (await openEnvelope(codec, decision.envelope)).payload?.reason;
  return typeof reason === 'string' ? reason : 'no reason given';
}

export async function effectOf(query: EffectQuery): Promise<Effect> {
  const record = await deliveredRecord(query);
  if (!record || !(await handledBy(query, record))) return { kind: 'unhandled' };
  const answerId = outputId(escalationOwner, query.humanId, 0);
  if (!(await answerProposed(query, answerId))) return { kind: 'awaiting' };
  const { bus, codec, names } = query;
  const decision = await awaitDecisionOn(
    bus,
    codec,
    names.decisions,
    query.decisionsFrom,
    answerId,
    Math.max(0, query.deadline - Date.now()),
  );
  if (!decision) return { kind: 'undecided', eventId: answerId };
  if (decision.outcome === 'DENIED') return { kind: 'denied', decision };
  if (decision.eventType === APPROVAL_REFUSAL)
    return { kind: 'refused', decision, reason: await refusalReason(codec, decision) };
  return { kind: 'completed', decision };
}
