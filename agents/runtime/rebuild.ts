// An agent's state is a fold of its inbox. On start the runtime replays the inbox up to the
// offsets its group committed, so state and offsets agree however the last process ended.
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import type { Envelope } from '../../schemas/generated/types.ts';
import type { AnyAgent, IncomingEvent } from '../decider.ts';
import { toIncoming } from './envelopes.ts';
import type { SpendLedger } from './ledger.ts';

/**
 * Folds the inbox up to the committed offsets; `observe` sees every replayed event with the
 * state so far (deadline timers, which may fall due while the rebuild goes on).
 */
export async function rebuildState(
  bus: Bus,
  codec: Codec,
  agent: AnyAgent,
  inbox: string,
  groupId: string,
  ledger: SpendLedger,
  observe: (event: IncomingEvent, envelope: Envelope, state: unknown) => void,
): Promise<unknown> {
  const committed = new Map(
    (await bus.committedOffsets(groupId, inbox)).map((c) => [c.partition, BigInt(c.offset)]),
  );
  let state = agent.initialState();
  if (committed.size === 0) return state;
  await bus.replay(inbox, { offset: '0' }, async (record) => {
    if (BigInt(record.offset) >= (committed.get(record.partition) ?? 0n)) return;
    const opened = await openEnvelope(codec, record.value);
    if (opened.payload === null) return; // it went to the DLQ when it was first consumed
    const event = toIncoming(opened);
    ledger.add(event.correlationId, event.costMicros);
    state = agent.evolve(state, event);
    observe(event, opened.envelope, state);
  });
  return state;
}
