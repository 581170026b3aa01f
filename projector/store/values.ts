// Column values arrive as the driver parsed them; these read them without trusting the shape.

export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`expected text, got ${typeof value}`);
}

/** bigint columns (decimal strings) as numbers; our counters and micros stay below 2^53. */
export function asNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(asText(value));
  if (!Number.isSafeInteger(number)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return number;
}

export function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(value);
  throw new TypeError(`expected a timestamp, got ${typeof value}`);
}

export function asNullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : asText(value);
}

export const isoOf = (epochMillis: number): string => new Date(epochMillis).toISOString();
