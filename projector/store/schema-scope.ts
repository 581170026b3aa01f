// Every projector table lives in one schema, so live state, tests and shadow replays can sit
// side by side in one database. Statements stay unqualified; a transaction pins search_path.
import type { Db, Queryable } from './db.ts';
import { DEFAULT_ROLES, dbRoles } from './roles.ts';

export const DEFAULT_SCHEMA = 'swarmgate';
/** The application role's default name (SWARMGATE_DB_APP_ROLE changes it). */
export const APP_ROLE = DEFAULT_ROLES.app;

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
  const appRole = dbRoles().app;
  return db.transaction(async (tx) => {
    await tx.query(
      `SELECT set_config('search_path', $1, true), set_config('TimeZone', 'UTC', true),
              CASE WHEN $2::boolean AND EXISTS (SELECT FROM pg_roles WHERE rolname = $3)
                   THEN CASE WHEN pg_has_role(current_user, $3, 'MEMBER')
                             THEN set_config('role', $3, true) END END`,
      [searchPath, options.asAppRole ?? false, appRole],
    );
    return fn(tx);
  });
}

/** Serialises writers of one schema until the transaction ends (audit chain, migrations). */
export async function lockSchema(tx: Queryable, schema: string, purpose: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`swarmgate:${purpose}:${schema}`]);
}
