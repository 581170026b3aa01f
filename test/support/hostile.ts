import { randomBytes } from 'node:crypto';
import type { DecodeErrorCode } from '../../schemas/errors.ts';

/** A record no consumer can decode, and the dead-letter code it must get (null: any code). */
export interface HostileRecord {
  readonly kind: string;
  readonly value: Buffer | null;
  readonly expectedCode: DecodeErrorCode | null;
}

type Maker = (valid: Buffer, wrongRecord: Buffer, i: number) => HostileRecord;

const makers: Maker[] = [
  (_, __, i) => ({ kind: 'random bytes', value: randomBytes(1 + (i % 200)), expectedCode: null }),
  (valid) => ({
    kind: 'wrong magic byte',
    value: Buffer.concat([Buffer.from([1]), valid.subarray(1)]),
    expectedCode: 'NOT_WIRE_FORMAT',
  }),
  (valid, _, i) => ({
    kind: 'truncated avro',
    value: valid.subarray(0, 6 + (i % (valid.length - 7))),
    expectedCode: 'INVALID_AVRO',
  }),
  (valid) => ({
    kind: 'trailing garbage',
    value: Buffer.concat([valid, Buffer.from('garbage')]),
    expectedCode: 'INVALID_AVRO',
  }),
  (_, __, i) => {
    const header = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0 - (i % 16)]);
    return {
      kind: 'unknown schema id',
      value: Buffer.concat([header, randomBytes(20)]),
      expectedCode: 'UNKNOWN_SCHEMA',
    };
  },
  () => ({ kind: 'empty value', value: null, expectedCode: 'EMPTY' }),
  (_, wrongRecord) => ({ kind: 'another record type', value: wrongRecord, expectedCode: 'WRONG_SCHEMA' }),
  () => ({ kind: 'only a header', value: Buffer.from([0, 0, 0, 0, 1]), expectedCode: 'NOT_WIRE_FORMAT' }),
];

const oversize = (valid: Buffer): HostileRecord => ({
  kind: 'oversize',
  value: Buffer.concat([valid.subarray(0, 5), Buffer.alloc(1024 * 1024 + 1, 1)]),
  expectedCode: 'OVERSIZE',
});

/** `count` hostile records cycling through every kind; a few oversize ones (each over 1 MiB). */
export function hostileRecords(
  count: number,
  valid: Buffer,
  wrongRecord: Buffer,
  oversizeCount = 4,
): HostileRecord[] {
  const records = Array.from({ length: count - oversizeCount }, (_, i) =>
    makers[i % makers.length]!(valid, wrongRecord, i),
  );
  return [...records, ...Array.from({ length: oversizeCount }, () => oversize(valid))];
}
