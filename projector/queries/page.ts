// Keyset paging over one workflow's rows: those after a key (a chain seq, a version), in key
// order, at most `limit` of them. Without a limit every row comes back (the CLI and case files
// want all of them; the API always passes one).
export interface Page {
  /** Only rows whose key is greater than this. */
  readonly after?: number;
  readonly limit?: number;
}

/** The `after` and `limit` parameters of a paged statement ($2 and $3 by convention). */
export const pageParams = (page: Page): [number, number | null] => [page.after ?? 0, page.limit ?? null];
