// Brings a schema up to date. Safe to call on every start and from many processes at once:
// an advisory lock per schema serialises migrators, and applied versions are skipped. The DDL
// runs as the owner role, so the owner, never the application role, holds the tables, triggers
// and functions. A connection that may not act as the owner (the projector logged in as the
// application role) only checks that nothing is pending.
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../store/db.ts';
import { dbRoles, type DbRoles } from '../store/roles.ts';
import { inSchema, lockSchema, quoteSchema } from '../store/schema-scope.ts';
import { asNumber, asText } from '../store/values.ts';
import { adoptSchema, ensureRoles, grantAppRole } from './app-role.ts';
import { migrations as allMigrations, type Migration } from './list.ts';

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

const checksumOf = (migration: Migration): string => createHash('sha256').update(migration.sql).digest('hex');

async function appliedChecksums(tx: Queryable, schema: string): Promise<Map<number, string>> {
  const { rows: exists } = await tx.query('SELECT to_regclass($1) AS t', [
    `${quoteSchema(schema)}.schema_migrations`,
  ]);
  if (!exists[0]?.t) return new Map();
  const { rows } = await tx.query('SELECT version, checksum FROM schema_migrations');
  return new Map(rows.map((row) => [asNumber(row.version), asText(row.checksum)]));
}

/** Migrations not yet applied; an applied one that changed since is refused. */
function pendingOf(migrations: readonly Migration[], applied: Map<number, string>): Migration[] {
  const pending: Migration[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const checksum = applied.get(migration.version);
    if (checksum !== undefined && checksum !== checksumOf(migration)) {
      throw new Error(`migration ${migration.version} (${migration.name}) changed after it was applied`);
    }
    if (checksum === undefined) pending.push(migration);
  }
  return pending;
}

async function mayActAsOwner(tx: Queryable, roles: DbRoles): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = $1)
                 THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END AS may`,
    [roles.owner],
  );
  return rows[0]?.may === true;
}

async function applyAll(tx: Queryable, pending: readonly Migration[]): Promise<number[]> {
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  for (const migration of pending) {
    await tx.exec(migration.sql);
    await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      checksumOf(migration),
    ]);
  }
  return pending.map((migration) => migration.version);
}

export function migrate(
  db: Db,
  schema: string,
  migrations = allMigrations,
  roles: DbRoles = dbRoles(),
): Promise<MigrationReport> {
  const current = Math.max(0, ...migrations.map((m) => m.version));
  return inSchema(db, schema, async (tx) => {
    await lockSchema(tx, schema, 'migrate');
    await ensureRoles(tx, roles);
    const pending = pendingOf(migrations, await appliedChecksums(tx, schema));
    if (!(await mayActAsOwner(tx, roles))) {
      if (pending.length === 0) return { applied: [], current };
      throw new Error(
        `schema ${schema} needs migrations ${pending.map((m) => m.version).join(', ')}, and this connection may not run them: ` +
          `run \`swarmgate migrate\` or set DATABASE_MIGRATION_URL to a connection of role ${roles.owner}`,
      );
    }
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)} AUTHORIZATION ${roles.owner}`);
    await adoptSchema(tx, schema, roles);
    await tx.query("SELECT set_config('role', $1, true)", [roles.owner]);
    const applied = await applyAll(tx, pending);
    await grantAppRole(tx, schema, roles);
    return { applied, current };
  });
}
