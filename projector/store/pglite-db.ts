import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';

const INT8_OID = 20;

/** PGlite options that make it return bigint as a decimal string, as pg does. */
export const pgliteParsers = { [INT8_OID]: (value: string) => value } as const;

function over(client: PGlite | Transaction): Queryable {
  return {
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<R>(sql, [...params]);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  };
}

/** A Db over an embedded PGlite. PGlite runs one statement at a time, so transactions serialise. */
export function pgliteDb(pglite: PGlite): Db {
  return {
    engine: 'pglite',
    ...over(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(over(tx))),
    close: () => pglite.close(),
  };
}
