// What the projector process does on start: open the database and bring its schema up to date.
import { migrate } from './migrations/migrate.ts';
import type { Db } from './store/db.ts';
import { openDb, type OpenDbOptions } from './store/open-db.ts';
import { DEFAULT_SCHEMA } from './store/schema-scope.ts';

export interface ProjectorDb {
  readonly db: Db;
  readonly schema: string;
}

export async function openProjectorDb(
  options: OpenDbOptions & { readonly schema?: string } = {},
): Promise<ProjectorDb> {
  const db = await openDb(options);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  try {
    await migrate(db, schema);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, schema };
}
