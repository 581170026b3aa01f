// The gate's one stage, run on every partition it owns: a record is counted against each of its
// rate keys on the partition that key hashes to, then decided on the partition its workflow
// hashes to (Kafka's murmur2 of the correlation id), hopping between partitions through the
// repartition topic when the next step is owned elsewhere. So every rate key and every workflow
// has one writer whatever the number of gates, and a record an upstream producer put on the
// wrong partition (another partitioner) is decided on its workflow's partition all the same.
import { deadLetterFor } from '../../bus/dead-letters.ts';
import { partitionOfKey } from '../../bus/partition.ts';
import type { ConsumedRecord, OutgoingRecord, RecordBatch } from '../../bus/port.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import { isRetriable } from '../../schemas/errors.ts';
import { PartitionLedger, type LedgerEntry } from '../state/ledger.ts';
import type { StateStore } from '../../bus/state-store.ts';
import { carriedOf, forwarded, type Carried } from './carried.ts';
import { decideRecord, type DecideContext } from './decide.ts';
import { refundIn, refundRecord } from './refund.ts';
import type { PartitionOutput } from '../../bus/partitioned.ts';
import { DecisionTally, type GateMetrics } from './metrics.ts';

export interface StageContext extends Omit<DecideContext, 'ledger' | 'now' | 'tally'> {
  /** Partitions of every co-partitioned topic. */
  readonly partitions: number;
  readonly groupId: string;
  readonly clock: () => number;
  readonly metrics: GateMetrics;
}

/** Counts what this partition owns, then decides here or forwards to the next owner. */
async function advance(
  ctx: StageContext,
  ledger: PartitionLedger,
  here: number,
  carried: Carried,
  at: { readonly now: number; readonly tally: DecisionTally },
): Promise<OutgoingRecord[]> {
  const { now, tally } = at;
  let keys = carried.keys;
  const counts = { ...carried.counts };
  while (keys.length > 0 && partitionOfKey(keys[0]!, ctx.partitions) === here) {
    const key = keys[0]!;
    counts[key] = ledger.countRate(key, ctx.composite.rateWindowMsOf(key), carried.original.timestamp, now, {
      weight: carried.weights[key] ?? 1,
      cap: ctx.composite.rateCapOf(key),
    });
    keys = keys.slice(1);
  }
  const next = keys.length > 0 ? keys[0]! : carried.correlationId;
  const owner = partitionOfKey(next, ctx.partitions);
  if (keys.length > 0 || owner !== here)
    return [forwarded(ctx.names.gateRepartition, owner, { ...carried, keys, counts })];
  // A key the rate stage did not count reads as over any limit: never more than the limit.
  let denied = false;
  const view = {
    spentMicros: (id: string) => ledger.spentMicros(id),
    tenantOf: (id: string) => ledger.tenantOf(id),
    deliveredAt: (id: string) => ledger.deliveredAt(id),
    provenanceOf: (id: string) => ledger.provenanceOf(id),
    rateCount: (key: string) => counts[key] ?? Number.MAX_SAFE_INTEGER,
    record: (entry: LedgerEntry) => {
      denied = entry.denied;
      ledger.record(entry);
    },
  };
  const decided = await decideRecord({ ...ctx, ledger: view, now, tally }, carried.original, carried.origin);
  return denied ? [...decided, ...refunds(ctx, ledger, here, { ...carried, counts }, now)] : decided;
}

/** Takes back the exposure charges of a denied record: here, or through its sum's owner. */
function refunds(
  ctx: StageContext,
  ledger: PartitionLedger,
  here: number,
  { counts, weights, original }: Carried,
  now: number,
): OutgoingRecord[] {
  const records: OutgoingRecord[] = [];
  for (const [key, before] of Object.entries(counts)) {
    const cap = ctx.composite.rateCapOf(key);
    const weight = weights[key] ?? 1;
    if (cap === undefined || before + weight > cap) continue; // a rate, or not charged
    const refund = { key, weight, arrivedAt: original.timestamp };
    const owner = partitionOfKey(key, ctx.partitions);
    if (owner === here)
      ledger.refundRate(key, ctx.composite.rateWindowMsOf(key), refund.arrivedAt, now, weight);
    else records.push(refundRecord(ctx.names.gateRepartition, owner, refund));
  }
  return records;
}

/** A record of sg.ingress or sg.proposed: its workflow, rate keys and amounts, read from the envelope. */
async function arrived(
  ctx: StageContext,
  record: ConsumedRecord,
  origin: Carried['origin'],
): Promise<Carried> {
  const { envelope, payload } = await openEnvelope(ctx.codec, record.value);
  const subject = { envelope, origin, payload };
  const keys = ctx.composite.rateKeysOf(subject);
  const weights = ctx.composite.rateWeightsOf(subject);
  return { original: record, origin, correlationId: envelope.correlationId, keys, counts: {}, weights };
}

export async function processBatch(
  ctx: StageContext,
  batch: RecordBatch,
  store: StateStore,
): Promise<PartitionOutput> {
  const ledger = new PartitionLedger(store);
  const now = ctx.clock();
  ledger.expireOccasionally(now);
  const fromRepartition = batch.topic === ctx.names.gateRepartition;
  const origin = batch.topic === ctx.names.proposed ? 'proposed' : 'ingress';
  const dead = { codec: ctx.codec, topic: ctx.names.dlq, consumer: ctx.groupId };
  const records: OutgoingRecord[] = [];
  const tally = new DecisionTally(ctx.metrics);
  // Records that cannot be opened as an envelope are dead letters; the others each get a decision.
  for (const record of batch.records) {
    try {
      const refund = fromRepartition ? refundIn(record) : undefined;
      if (refund) {
        const windowMs = ctx.composite.rateWindowMsOf(refund.key);
        ledger.refundRate(refund.key, windowMs, refund.arrivedAt, now, refund.weight);
        continue;
      }
      const carried = fromRepartition ? carriedOf(record) : await arrived(ctx, record, origin);
      records.push(...(await advance(ctx, ledger, batch.partition, carried, { now, tally })));
    } catch (error) {
      if (isRetriable(error)) throw error;
      const source = fromRepartition ? carriedOfOrSelf(record) : record;
      records.push(await deadLetterFor(dead, source, error));
      tally.deadLettered();
    }
  }
  return { records, changes: ledger.batch, afterCommit: () => tally.commit() };
}

/** A dead letter names the record as it arrived upstream, when the repartition record says so. */
function carriedOfOrSelf(record: ConsumedRecord): ConsumedRecord {
  try {
    return carriedOf(record).original;
  } catch {
    return record;
  }
}
