// Real PostgreSQL for integration tests: one pool per file, a fresh schema per test, dropped
// when the test finishes.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { migrate } from '../migrations/index.ts';
import type { Db } from '../store/db.ts';
import { pgDb } from '../store/pg-db.ts';
import { dbRoles } from '../store/roles.ts';
import { quoteSchema } from '../store/schema-scope.ts';

export const databaseUrl = (): string =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const openTestDb = (): Db => pgDb(new pg.Pool({ connectionString: databaseUrl(), max: 4 }));

/** The test database as the given role logs in to it (trust authentication locally). */
export function databaseUrlAs(role: string): string {
  const url = new URL(databaseUrl());
  url.username = role;
  url.password = '';
  return url.toString();
}

/**
 * The projector's own login: the application role, which may only read and append to the audit
 * tables. Migrate with openTestDb() (the migrator) first.
 */
export const openAppRoleTestDb = (): Db =>
  pgDb(new pg.Pool({ connectionString: databaseUrlAs(dbRoles().app), max: 4 }));

export const uniqueSchemaName = (): string => `swarmgate_test_${randomBytes(6).toString('hex')}`;

/** A migrated schema of its own, dropped after the current test. */
export async function freshSchema(db: Db): Promise<string> {
  const schema = uniqueSchemaName();
  onTestFinished(async () => {
    await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  });
  await migrate(db, schema);
  return schema;
}

export { ed25519Keys, type SigningKeys } from './keys.ts';
