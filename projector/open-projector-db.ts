// What the projector process does on start: open the database and bring its schema up to date.
// With a migration URL (DATABASE_MIGRATION_URL, a connection of the owner role) the DDL runs on
// that connection alone and the projector keeps only its own, the application role's; without
// one the same connection migrates (the embedded PGlite, or a single-role development setup).
import { migrate } from './migrations/migrate.ts';
import type { Db } from './store/db.ts';
import { openDb, type OpenDbOptions } from './store/open-db.ts';
import { DEFAULT_SCHEMA } from './store/schema-scope.ts';

export interface ProjectorDb {
  readonly db: Db;
  readonly schema: string;
}

export interface ProjectorDbOptions extends OpenDbOptions {
  readonly schema?: string;
  /** postgres:// URL of the owner role; defaults to DATABASE_MIGRATION_URL. Ignored when embedded. */
  readonly migrationUrl?: string;
}

/** Runs the migrations on a connection of their own, closed afterwards. */
export async function migrateWith(url: string, schema: string): Promise<void> {
  const migrator = await openDb({ url, maxConnections: 1 });
  try {
    await migrate(migrator, schema);
  } finally {
    await migrator.close();
  }
}

export async function openProjectorDb(options: ProjectorDbOptions = {}): Promise<ProjectorDb> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const migrationUrl = options.embedded
    ? undefined
    : (options.migrationUrl ?? process.env.DATABASE_MIGRATION_URL);
  if (migrationUrl) await migrateWith(migrationUrl, schema);
  const db = await openDb(options);
  try {
    // With a separate migrator this only checks that nothing is pending.
    await migrate(db, schema);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, schema };
}
