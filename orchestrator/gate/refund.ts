// An exposure charge taken back: the deciding gate denied a record whose amount the owner of a
// sum had charged, so it tells that owner, through the repartition topic, in the transaction
// of its decision (exactly once, like the decision itself).
import type { ConsumedRecord, OutgoingRecord } from '../../bus/port.ts';

export interface Refund {
  readonly key: string;
  readonly weight: number;
  /** The record's broker timestamp: the bucket it was charged to. */
  readonly arrivedAt: number;
}

const refundHeader = 'sg-gate-refund';

export const refundRecord = (topic: string, partition: number, refund: Refund): OutgoingRecord => ({
  topic,
  partition,
  key: refund.key,
  value: Buffer.alloc(0),
  headers: { [refundHeader]: JSON.stringify(refund) },
});

/** The refund a repartition record carries, or undefined for a forwarded record. */
export function refundIn(record: ConsumedRecord): Refund | undefined {
  const header = record.headers[refundHeader];
  return header ? (JSON.parse(header.toString()) as Refund) : undefined;
}
