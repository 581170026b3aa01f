// Keyset pages for the routes that list one workflow's rows: a bounded answer however long the
// workflow grew, and `next`, the `after` that fetches the following page (null on the last one).
import { z } from 'zod';

export const MAX_PAGE = 1000;

export const pageQuery = {
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('only rows after this key: the next of the previous page'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
};

/** The key to continue after, when the page came back full. */
export const nextAfter = <T>(rows: readonly T[], limit: number, keyOf: (row: T) => number): number | null =>
  rows.length === limit && rows.length > 0 ? keyOf(rows[rows.length - 1]!) : null;
