import type { Pool, PoolClient } from 'pg';
import type { Db, Queryable, Row } from './db.ts';

function over(client: Pool | PoolClient): Queryable {
  return {
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as R[] };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** A Db over a pg.Pool; each transaction holds one pooled connection from BEGIN to COMMIT. */
export function pgDb(pool: Pool): Db {
  // A connection the server ends while idle (a restart, a timeout, pg_terminate_backend) is
  // dropped by the pool, and one ended between a transaction's statements fails its next one:
  // neither may take the process down as an unhandled 'error' event.
  const dropped = () => {};
  pool.on('error', dropped);
  return {
    engine: 'postgres',
    ...over(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      client.on('error', dropped);
      try {
        await client.query('BEGIN');
        const result = await fn(over(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.removeListener('error', dropped);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
