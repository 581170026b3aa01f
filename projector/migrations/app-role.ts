// The roles of a PostgreSQL installation (see store/roles.ts): created when missing, the schema
// and everything in it owned by the owner role, and the application role granted exactly what
// the projector needs — read and append everywhere, update the projection tables and its
// offsets, never update, delete or truncate the audit tables or snapshots, never own anything.
import type { Queryable } from '../store/db.ts';
import type { DbRoles } from '../store/roles.ts';
import { quoteSchema } from '../store/schema-scope.ts';
import { APPEND_ONLY_TABLES } from './list.ts';

/**
 * Roles are cluster-wide: another schema's migration may be creating one at this moment. Both
 * may log in (with trust authentication locally; a real server gives them passwords or
 * certificates). A migrator that may not create roles relies on the DBA having made them.
 */
export async function ensureRoles(tx: Queryable, roles: DbRoles): Promise<void> {
  for (const role of [roles.owner, roles.app]) {
    await tx.exec(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} LOGIN;
        ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = '${role}') THEN
          ALTER ROLE ${role} LOGIN; -- made NOLOGIN by an earlier version
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN NULL;
      END
      $$;`);
  }
}

/**
 * A superuser migrating a schema that it created before the owner role existed hands the schema,
 * its tables and functions to the owner, so the application role never talks to a superuser's
 * objects and the owner can grant on them.
 */
export async function adoptSchema(tx: Queryable, schema: string, roles: DbRoles): Promise<void> {
  await tx.exec(`
    DO $$
    DECLARE object record;
    BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN RETURN; END IF;
      EXECUTE format('ALTER SCHEMA %I OWNER TO %I', '${schema}', '${roles.owner}');
      FOR object IN SELECT c.oid::regclass AS name FROM pg_class c
          WHERE c.relnamespace = '${quoteSchema(schema)}'::regnamespace AND c.relkind IN ('r', 'p')
            AND c.relowner <> '${roles.owner}'::regrole LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', object.name, '${roles.owner}');
      END LOOP;
      FOR object IN SELECT p.oid::regprocedure AS name FROM pg_proc p
          WHERE p.pronamespace = '${quoteSchema(schema)}'::regnamespace
            AND p.proowner <> '${roles.owner}'::regrole LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', object.name, '${roles.owner}');
      END LOOP;
    END
    $$;`);
}

/** Run by the owner: the application role's privileges on the schema, exactly. */
export async function grantAppRole(tx: Queryable, schema: string, roles: DbRoles): Promise<void> {
  const name = quoteSchema(schema);
  const app = roles.app;
  const appendOnly = APPEND_ONLY_TABLES.map((table) => `${name}.${table}`).join(', ');
  await tx.exec(`
    REVOKE ALL ON SCHEMA ${name} FROM PUBLIC;
    GRANT USAGE ON SCHEMA ${name} TO ${app};
    REVOKE ALL ON ALL TABLES IN SCHEMA ${name} FROM PUBLIC, ${app};
    GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${name} TO ${app};
    REVOKE INSERT, UPDATE ON ${name}.schema_migrations FROM ${app};
    REVOKE UPDATE ON ${appendOnly} FROM ${app};`);
}
