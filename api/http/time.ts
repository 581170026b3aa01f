// Instants arrive as ISO 8601 (with a zone when a time is given) or as epoch milliseconds.
import { z } from 'zod';

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const EPOCH_MS = /^\d{1,16}$/;
const MAX_MS = 8.64e15;
export const INSTANT_HINT = 'expected an ISO 8601 time such as 2025-01-15T09:00:00Z, or epoch milliseconds';

/** Epoch milliseconds, or null when the value is not an instant. */
export function epochMillisOf(value: string | number): number | null {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 && value <= MAX_MS ? value : null;
  const trimmed = value.trim();
  if (EPOCH_MS.test(trimmed)) return epochMillisOf(Number(trimmed));
  if (!ISO.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}

/** An instant as epoch milliseconds. */
export const instant = z
  .union([z.number(), z.string()], {
    error: (issue) => (issue.input === undefined ? undefined : INSTANT_HINT),
  })
  .transform((value, ctx) => {
    const ms = epochMillisOf(value);
    if (ms === null) ctx.addIssue({ code: 'custom', message: INSTANT_HINT, input: value });
    return ms ?? 0;
  })
  .meta({
    description: 'ISO 8601 time or epoch milliseconds',
    examples: ['2025-01-15T09:00:00Z', 1736931600000],
  });
