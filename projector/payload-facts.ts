// What a decision's own payload says, read where a workflow's status rests on it: an answer
// says which contributions it lacked (response.CustomerAnswered `missing`). The payload is the
// one the gate delivered, in the envelope the decision carries. The live projector and a replay
// read it alike, so both fold the same state.
import type { Codec } from '../schemas/codec.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import { DecodeError } from '../schemas/errors.ts';
import type { CustomerAnswered, Decision } from '../schemas/generated/types.ts';
import { meaningOf, missingFrom } from '../schemas/vocabulary.ts';
import type { PayloadFacts } from './projections/workflow-status.ts';

/**
 * The facts of one decision; none for a decision whose status does not rest on its payload, or
 * whose payload does not decode. An unreachable registry is thrown, so the batch is retried.
 */
export async function payloadFacts(codec: Codec, decision: Decision): Promise<PayloadFacts | undefined> {
  if (meaningOf(decision.eventType) !== 'answered' || decision.outcome === 'DENIED') return undefined;
  try {
    const { payload } = await openEnvelope(codec, decision.envelope);
    return payload ? { answerMissing: missingFrom(payload as unknown as CustomerAnswered) } : undefined;
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}
