// What a decision's own record says, read where a workflow's state rests on it: its actor's
// tenant, and for an answer which contributions it lacked (response.CustomerAnswered `missing`). The payload is the
// one the gate delivered, in the envelope the decision carries. The live projector and a replay
// read it alike, so both fold the same state.
import type { Codec } from '../schemas/codec.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import { DecodeError } from '../schemas/errors.ts';
import type { CustomerAnswered, Decision } from '../schemas/generated/types.ts';
import { meaningOf, missingFrom } from '../schemas/vocabulary.ts';
import type { PayloadFacts } from './projections/workflow-status.ts';

/**
 * The facts of one decision not denied (a denied one's payload and tenant claim nothing); none
 * for a record that does not decode. An unreachable registry is thrown, so the batch is retried.
 */
export async function payloadFacts(codec: Codec, decision: Decision): Promise<PayloadFacts | undefined> {
  if (decision.outcome === 'DENIED') return undefined;
  try {
    if (meaningOf(decision.eventType) !== 'answered') {
      const envelope = await codec.decodeAs('swarmgate.v1.Envelope', decision.envelope);
      return { tenant: envelope.actor.tenantId };
    }
    const { envelope, payload } = await openEnvelope(codec, decision.envelope);
    const tenant = envelope.actor.tenantId;
    return payload
      ? { tenant, answerMissing: missingFrom(payload as unknown as CustomerAnswered) }
      : { tenant };
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}
