// The database port: the projector speaks the same SQL to a PostgreSQL server (pg.Pool) and to
// the embedded PGlite. Both adapters return bigint columns as decimal strings, timestamptz as
// Date and jsonb parsed, so callers never branch on the engine.

export type Row = Readonly<Record<string, unknown>>;

export interface Queryable {
  /** One statement, with $1..$n parameters. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ readonly rows: R[] }>;
  /** A script of several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
