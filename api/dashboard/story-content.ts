// What a step of a workflow's story may show of the record's content. Records classified PII or
// SECRET keep their field names and lose every value: the page says what was said, not the
// customer's data. PUBLIC and INTERNAL records show their values, long text shortened.
import type { Classification } from '../../schemas/generated/types.ts';

export const REDACTED = '[redacted]';
const LONGEST_TEXT = 300;
const REDACTED_CLASSES: readonly Classification[] = ['PII', 'SECRET'];

export const isRedacted = (classification: Classification): boolean =>
  REDACTED_CLASSES.includes(classification);

/** JSON-safe content: values redacted when `redact`, bytes and big numbers made readable. */
export function shownContent(value: unknown, redact: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => shownContent(item, redact));
  if (Buffer.isBuffer(value)) return redact ? REDACTED : `[${value.length} bytes]`;
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, field]) => [
        key,
        shownContent(field, redact),
      ]),
    );
  if (redact && typeof value !== 'boolean') return REDACTED;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && value.length > LONGEST_TEXT) return `${value.slice(0, LONGEST_TEXT)}…`;
  return value;
}
