// On start the gate replays sg.decisions into its ledger: budgets and rate windows survive any
// restart because they are derived from the decisions already committed, never from memory.
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { Ledger } from './ledger.ts';

export async function rebuildLedger(
  bus: Bus,
  codec: Codec,
  decisionsTopic: string,
  now: number,
): Promise<Ledger> {
  const ledger = new Ledger();
  await bus.replay(decisionsTopic, { offset: '0' }, async (record) => {
    const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
    ledger.record({
      eventId: decision.eventId,
      correlationId: decision.correlationId,
      delivered: decision.outcome === 'DELIVERED',
      costMicros: decision.costMicros ?? 0,
      rateKeys: decision.rateKeys ?? [],
      decidedAt: decision.decidedAt,
    });
  });
  ledger.prune(now);
  return ledger;
}
