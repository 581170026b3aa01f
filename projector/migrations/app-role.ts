// The application role the projector writes as. It may read and append everywhere, update
// the projection tables, and never update, delete or truncate the audit tables or snapshots.
import type { Queryable } from '../store/db.ts';
import { APP_ROLE, quoteSchema } from '../store/schema-scope.ts';
import { APPEND_ONLY_TABLES } from './list.ts';

/** Roles are cluster-wide: another schema's migration may be creating it at this moment. */
export async function ensureAppRole(tx: Queryable): Promise<void> {
  await tx.exec(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END
    $$;`);
}

/** Sets the role's privileges on the schema to exactly what the projector needs. */
export async function grantAppRole(tx: Queryable, schema: string): Promise<void> {
  const name = quoteSchema(schema);
  const appendOnly = APPEND_ONLY_TABLES.map((table) => `${name}.${table}`).join(', ');
  await tx.exec(`
    GRANT USAGE ON SCHEMA ${name} TO ${APP_ROLE};
    REVOKE ALL ON ALL TABLES IN SCHEMA ${name} FROM PUBLIC, ${APP_ROLE};
    GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${name} TO ${APP_ROLE};
    REVOKE INSERT, UPDATE ON ${name}.schema_migrations FROM ${APP_ROLE};
    REVOKE UPDATE ON ${appendOnly} FROM ${APP_ROLE};`);
}
