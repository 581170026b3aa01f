// Real PostgreSQL for integration tests: one pool per file, a fresh schema per test, dropped
// when the test finishes.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { migrate } from '../migrations/index.ts';
import type { Db } from '../store/db.ts';
import { pgDb } from '../store/pg-db.ts';
import { quoteSchema } from '../store/schema-scope.ts';

export const databaseUrl = (): string =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const openTestDb = (): Db => pgDb(new pg.Pool({ connectionString: databaseUrl(), max: 4 }));

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
