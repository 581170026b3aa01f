export type { Db, Queryable, Row } from './db.ts';
export { pgDb } from './pg-db.ts';
export { pgliteDb, pgliteParsers } from './pglite-db.ts';
export { openDb, type OpenDbOptions } from './open-db.ts';
export {
  APP_ROLE,
  DEFAULT_SCHEMA,
  inSchema,
  lockSchema,
  quoteSchema,
  type ScopeOptions,
} from './schema-scope.ts';
