// The two database roles of a PostgreSQL installation. The owner (migration) role creates and
// owns every table, trigger and function; the application role the projector logs in as may
// only read and append to the audit tables, so it can neither disable a trigger, replace the
// trigger function, nor truncate, update or delete audit rows. Names are configurable because
// roles are cluster-wide. The embedded PGlite has one user: there the roles exist, but nothing
// separates them.

export interface DbRoles {
  /** Owns the schema and everything in it; migrations run as it. */
  readonly owner: string;
  /** What the projector writes as: INSERT and SELECT on the audit tables. */
  readonly app: string;
}

export const DEFAULT_ROLES: DbRoles = { owner: 'swarmgate_owner', app: 'swarmgate_app' };

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function roleName(value: string | undefined, fallback: string, variable: string): string {
  if (value === undefined || value === '') return fallback;
  if (!ROLE_NAME.test(value)) throw new Error(`${variable}: a lower-case PostgreSQL role name (a-z, 0-9, _)`);
  return value;
}

/** SWARMGATE_DB_OWNER_ROLE and SWARMGATE_DB_APP_ROLE, or the defaults. */
export function dbRoles(env: NodeJS.ProcessEnv = process.env): DbRoles {
  const owner = roleName(env.SWARMGATE_DB_OWNER_ROLE, DEFAULT_ROLES.owner, 'SWARMGATE_DB_OWNER_ROLE');
  const app = roleName(env.SWARMGATE_DB_APP_ROLE, DEFAULT_ROLES.app, 'SWARMGATE_DB_APP_ROLE');
  if (owner === app) throw new Error('SWARMGATE_DB_OWNER_ROLE and SWARMGATE_DB_APP_ROLE must differ');
  return { owner, app };
}
