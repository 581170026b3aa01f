// A record on its way through the gate's repartition topic: the original record (its bytes,
// headers and coordinates, so the decision and its id are those of the original), the rate keys
// still to count and the counts so far. Only the gate's principal may write that topic (broker
// ACLs), so what these headers say is the gate's own word.
import type { ConsumedRecord, OutgoingRecord } from '../../bus/port.ts';
import type { Proposal } from '../policy/types.ts';

export interface Carried {
  readonly original: ConsumedRecord;
  readonly origin: Proposal['origin'];
  readonly correlationId: string;
  /** Rate keys not counted yet, in order. */
  readonly keys: readonly string[];
  /** How many records each counted rate key had within its window before this one. */
  readonly counts: Readonly<Record<string, number>>;
  /** What the record weighs on each key (an exposure sum's amount); 1 for a key not named. */
  readonly weights: Readonly<Record<string, number>>;
}

const originHeader = 'sg-gate-origin';
const keysHeader = 'sg-gate-rate-keys';
const countsHeader = 'sg-gate-rate-counts';
const weightsHeader = 'sg-gate-rate-weights';
const internal = (name: string) => name.startsWith('sg-gate-');

interface Coordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
}

/** The record to write to the repartition topic's `partition`. */
export function forwarded(topic: string, partition: number, carried: Carried): OutgoingRecord {
  const { original } = carried;
  const coordinates: Coordinates = {
    topic: original.topic,
    partition: original.partition,
    offset: original.offset,
    timestamp: original.timestamp,
  };
  const headers = Object.fromEntries(Object.entries(original.headers).filter(([name]) => !internal(name)));
  return {
    topic,
    partition,
    key: carried.correlationId,
    value: original.value,
    headers: {
      ...headers,
      [originHeader]: JSON.stringify({ ...coordinates, origin: carried.origin }),
      [keysHeader]: JSON.stringify(carried.keys),
      [countsHeader]: JSON.stringify(carried.counts),
      [weightsHeader]: JSON.stringify(carried.weights),
    },
  };
}

/** The carried record back from a repartition record. */
export function carriedOf(record: ConsumedRecord): Carried {
  const header = (name: string, absent?: unknown) => {
    const value = record.headers[name];
    if (!value && absent !== undefined) return absent;
    if (!value) throw new Error(`repartition record ${record.partition}/${record.offset} has no ${name}`);
    return JSON.parse(value.toString()) as unknown;
  };
  const { origin, ...coordinates } = header(originHeader) as Coordinates & { origin: Proposal['origin'] };
  const headers = Object.fromEntries(Object.entries(record.headers).filter(([name]) => !internal(name)));
  return {
    original: { ...coordinates, key: record.key, value: record.value, headers },
    origin,
    correlationId: record.key?.toString() ?? '',
    keys: header(keysHeader) as string[],
    counts: header(countsHeader) as Record<string, number>,
    // Forwarded by a gate from before exposure sums: every key it names weighs 1.
    weights: header(weightsHeader, {}) as Record<string, number>,
  };
}
