// The active's database: every transaction first takes the schema's audit lock (the one every
// writer of the chain takes), then checks that this instance still holds the active lock. A
// deposed active's transaction therefore fails before it writes, and one that passed the check
// holds the audit lock until it ends, so the next active's first transaction waits for it and
// continues from what it committed: two instances never apply at once.
import type { Db, Row } from '../store/db.ts';
import { lockSchema } from '../store/schema-scope.ts';
import type { Lease } from './lease.ts';

export function fencedDb(db: Db, schema: string, lease: Pick<Lease, 'fence'>): Db {
  return {
    engine: db.engine,
    query: <R extends Row>(sql: string, params?: readonly unknown[]) => db.query<R>(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) =>
      db.transaction(async (tx) => {
        await lockSchema(tx, schema, 'audit');
        await lease.fence(tx);
        return fn(tx);
      }),
    close: () => db.close(),
  };
}
