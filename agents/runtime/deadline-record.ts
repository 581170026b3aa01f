// A due deadline as the record the agent proposes: workflow.DeadlineReached answering the event
// that started it, with an id derived from that event and the rule, so a deadline that fires
// twice (a restart, a partition move) is one event id, which the gate delivers once.
import type { OutgoingRecord } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, type Signer } from '../../schemas/envelope.ts';
import type { AnyAgent } from '../decider.ts';
import type { DueDeadline } from './deadlines.ts';
import { answerEnvelope } from './envelopes.ts';

export async function deadlineRecordOf(
  codec: Codec,
  names: TopicNames,
  agent: AnyAgent,
  signer: Signer,
  due: DueDeadline,
  now: number,
): Promise<OutgoingRecord> {
  const answer = {
    agent: agent.name,
    input: due.cause,
    now,
    signer,
    traceparent: due.cause.traceparent ?? null,
  };
  const proposed = {
    type: 'workflow.DeadlineReached' as const,
    payload: { name: due.rule.name, dueAt: due.dueAt },
    classification: 'INTERNAL' as const,
    costMicros: 0,
  };
  const index = -1 - (agent.deadlines ?? []).findIndex(({ name }) => name === due.rule.name);
  const envelope = await answerEnvelope(codec, answer, proposed, index);
  return { topic: names.proposed, key: envelope.correlationId, value: await encodeEnvelope(codec, envelope) };
}
