// Brings a schema up to date. Safe to call on every start and from many processes at once:
// an advisory lock per schema serialises migrators, and applied versions are skipped.
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../store/db.ts';
import { inSchema, lockSchema, quoteSchema } from '../store/schema-scope.ts';
import { asNumber, asText } from '../store/values.ts';
import { ensureAppRole, grantAppRole } from './app-role.ts';
import { migrations as allMigrations, type Migration } from './list.ts';

export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

const checksumOf = (migration: Migration): string => createHash('sha256').update(migration.sql).digest('hex');

async function appliedChecksums(tx: Queryable): Promise<Map<number, string>> {
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await tx.query('SELECT version, checksum FROM schema_migrations');
  return new Map(rows.map((row) => [asNumber(row.version), asText(row.checksum)]));
}

export function migrate(db: Db, schema: string, migrations = allMigrations): Promise<MigrationReport> {
  return inSchema(db, schema, async (tx) => {
    await lockSchema(tx, schema, 'migrate');
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
    await ensureAppRole(tx);
    const applied = await appliedChecksums(tx);
    const newlyApplied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      const checksum = applied.get(migration.version);
      if (checksum !== undefined && checksum !== checksumOf(migration)) {
        throw new Error(`migration ${migration.version} (${migration.name}) changed after it was applied`);
      }
      if (checksum !== undefined) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        checksumOf(migration),
      ]);
      newlyApplied.push(migration.version);
    }
    await grantAppRole(tx, schema);
    return { applied: newlyApplied, current: Math.max(0, ...migrations.map((m) => m.version)) };
  });
}
