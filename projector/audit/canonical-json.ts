// Canonical JSON: one byte sequence per value, so a hash computed today matches one computed
// years later by another program. Object keys sorted by UTF-16 code units (as RFC 8785),
// no whitespace, bytes as base64, undefined members omitted; anything without one obvious
// encoding (non-finite or unsafe numbers, bigint, class instances) is refused, loudly.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return canonicalNumber(value);
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') return canonicalObject(value);
  throw new TypeError(`cannot encode a ${typeof value} canonically`);
}

function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot encode ${value} canonically`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new RangeError(`integer ${value} is beyond 2^53 and would not round-trip`);
  }
  return JSON.stringify(value);
}

function canonicalObject(value: object): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`cannot encode a ${value.constructor.name} canonically`);
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .flatMap((key) =>
      record[key] === undefined ? [] : [`${JSON.stringify(key)}:${canonicalJson(record[key])}`],
    );
  return `{${members.join(',')}}`;
}
