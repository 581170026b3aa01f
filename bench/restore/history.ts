// History for the restore bench: H transactions over a fixed set of accounts, spread over 30 days
// of posting time, so the live state (windows per account) stays the same size as H grows.
import { createAmlMonitor } from '../../agents/banking/aml-monitor.ts';
import type { Bus, OutgoingRecord } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../../schemas/envelope.ts';
import { inboxKeyOf } from '../../schemas/state-key.ts';
import { envelopeFields, transactionPosted } from '../../test/support/envelopes.ts';
import { ledgerActor } from '../../test/support/swarm-harness.ts';

export const accounts = Number(process.env.BENCH_ACCOUNTS ?? 5_000);
const spanMs = 30 * 24 * 3_600_000;
const chunk = 2_000;

/**
 * Writes `count` transaction envelopes to `topic`, in chunks: to an agent's inbox as the gate
 * delivers them (keyed by the agent's state key, at their posting time), or to sg.ingress as
 * upstream sends them (keyed by workflow, sent now).
 */
export async function writeHistory(
  bus: Bus,
  codec: Codec,
  topic: string,
  count: number,
  to: 'agent-inbox' | 'gate-ingress',
): Promise<void> {
  const monitor = createAmlMonitor();
  const start = Date.now() - spanMs;
  for (let from = 0; from < count; from += chunk) {
    const records: OutgoingRecord[] = [];
    for (let i = from; i < Math.min(count, from + chunk); i++) {
      const postedAt = start + Math.floor((i / count) * spanMs);
      const payload = transactionPosted({ accountId: `ACC-${i % accounts}`, postedAt });
      const inbox = to === 'agent-inbox';
      const fields = envelopeFields({ actor: ledgerActor, occurredAt: inbox ? postedAt : Date.now() });
      const key = inbox ? inboxKeyOf(monitor, fields.correlationId, payload) : fields.correlationId;
      records.push({
        topic,
        key,
        value: await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload)),
      });
    }
    await bus.send(records);
  }
}
