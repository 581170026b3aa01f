// Waiting for the gate's decision on a record the CLI proposed, read from offsets taken before.
import { randomUUID } from 'node:crypto';
import type { KafkaBus } from '../bus/kafka/index.ts';
import { lowLatencyConsumer } from '../bus/kafka/config.ts';
import type { OffsetCommit } from '../bus/port.ts';
import type { Codec } from '../schemas/codec.ts';
import { DecodeError } from '../schemas/errors.ts';
import type { Decision } from '../schemas/generated/types.ts';

/**
 * Reads sg.decisions from `from` (offsets taken before proposing, so nothing is missed) until
 * `match` returns a value, or `timeoutMs` passes (undefined).
 */
export async function awaitDecision<T>(
  bus: KafkaBus,
  codec: Codec,
  topic: string,
  from: readonly OffsetCommit[],
  match: (decision: Decision) => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T | undefined> {
  const consumer = bus.kafka.consumer({ groupId: `swarmgate-cli-${randomUUID()}`, ...lowLatencyConsumer });
  const starts = new Map(from.map((offset) => [offset.partition, BigInt(offset.offset)]));
  let settle: (value: T | undefined) => void = () => {};
  const settled = new Promise<T | undefined>((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle(undefined), timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) < (starts.get(partition) ?? 0n)) return;
        const decision = await codec
          .decodeAs('swarmgate.v1.Decision', message.value)
          .catch((error: unknown) => {
            if (error instanceof DecodeError) return undefined;
            throw error;
          });
        const found = decision && (await match(decision));
        if (found !== undefined) settle(found);
      },
    });
    for (const { partition, offset } of from) consumer.seek({ topic, partition, offset });
    return await settled;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** The gate's decision on the record with this event id, read from `from`; undefined after `timeoutMs`. */
export function awaitDecisionOn(
  bus: KafkaBus,
  codec: Codec,
  topic: string,
  from: readonly OffsetCommit[],
  eventId: string,
  timeoutMs: number,
): Promise<Decision | undefined> {
  return awaitDecision(bus, codec, topic, from, (d) => (d.eventId === eventId ? d : undefined), timeoutMs);
}
