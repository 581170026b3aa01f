import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './db.ts';
import { pgDb } from './pg-db.ts';
import { pgliteDb, pgliteParsers } from './pglite-db.ts';

export interface OpenDbOptions {
  /** postgres:// URL; defaults to DATABASE_URL. Without either, an embedded PGlite is used. */
  readonly url?: string;
  /** Use the embedded PGlite even when DATABASE_URL is set. */
  readonly embedded?: boolean;
  /** Where PGlite keeps its files; in memory when absent. */
  readonly dataDir?: string;
  readonly maxConnections?: number;
}

export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  const url = options.embedded ? undefined : (options.url ?? process.env.DATABASE_URL);
  if (url) return pgDb(new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 }));
  const pglite = await PGlite.create({ dataDir: options.dataDir, parsers: pgliteParsers });
  return pgliteDb(pglite);
}
