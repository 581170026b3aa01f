// Every projector table lives in one schema, so live state, tests and shadow replays can sit
// side by side in one database. Statements stay unqualified; a transaction pins search_path.
import type { Db, Queryable } from './db.ts';

export const DEFAULT_SCHEMA = 'swarmgate';
export const APP_ROLE = 'swarmgate_app';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name as a quoted identifier; anything but a plain lower-case name is refused. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

export interface ScopeOptions {
  /** Run as the application role (no UPDATE/DELETE on the audit tables) when we may. */
  readonly asAppRole?: boolean;
}

/**
 * One transaction with search_path set to the schema and TimeZone to UTC (so timestamps render
 * the same on every server), optionally as the application role.
 */
export function inSchema<T>(
  db: Db,
  schema: string,
  fn: (tx: Queryable) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  const searchPath = quoteSchema(schema);
  return db.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('search_path', $1, true), set_config('TimeZone', 'UTC', true),
              CASE WHEN $2::boolean AND pg_has_role(current_user, '${APP_ROLE}', 'MEMBER')
                   THEN set_config('role', '${APP_ROLE}', true) END`,
      [searchPath, options.asAppRole ?? false],
    );
    return fn(tx);
  });
}

/** Serialises writers of one schema until the transaction ends (audit chain, migrations). */
export async function lockSchema(tx: Queryable, schema: string, purpose: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`swarmgate:${purpose}:${schema}`]);
}
