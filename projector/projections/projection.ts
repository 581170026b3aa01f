// Projections are declarative objects in the manner of Emmett: a name, the DDL that creates
// their tables, and `evolve`, a pure function from one decision to the SQL that applies it.
// A projection that needs its current row (to version it) reads it in `load`, so evolve stays
// pure and unit-testable. Idempotency rests on ON CONFLICT and on applyBatch skipping what the
// stored offsets and the audit log show as already applied.
import type { Decision } from '../../schemas/generated/types.ts';
import type { Queryable } from '../store/db.ts';
import type { DecisionEntry, KafkaCoordinates } from '../types.ts';
import type { PayloadFacts } from './workflow-status.ts';

export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** The error to raise when the statement returns no row: an optimistic-concurrency guard. */
  readonly onNoRow?: () => Error;
}

export interface Projection<State> {
  readonly name: string;
  /** Unqualified DDL, run once by the migrations; changing it later needs a new migration. */
  readonly init: string;
  readonly canHandle: (decision: Decision) => boolean;
  readonly load: (tx: Queryable, decision: Decision) => Promise<State>;
  readonly evolve: (
    decision: Decision,
    coordinates: KafkaCoordinates,
    current: State,
    /** What the decision's payload says, when the projector read it (see payload-facts.ts). */
    facts?: PayloadFacts,
  ) => readonly SqlStatement[];
}

/** A projection with its state type hidden, so projections of different states share a list. */
export interface RunnableProjection {
  readonly name: string;
  readonly init: string;
  apply(tx: Queryable, entry: DecisionEntry): Promise<void>;
}

export const stateless = (): Promise<undefined> => Promise.resolve(undefined);

export async function execute(tx: Queryable, statements: readonly SqlStatement[]): Promise<void> {
  for (const statement of statements) {
    const { rows } = await tx.query(statement.sql, statement.params);
    if (statement.onNoRow && rows.length === 0) throw statement.onNoRow();
  }
}

export function runnable<State>(projection: Projection<State>): RunnableProjection {
  return {
    name: projection.name,
    init: projection.init,
    async apply(tx, { decision, coordinates, facts }) {
      if (!projection.canHandle(decision)) return;
      const current = await projection.load(tx, decision);
      await execute(tx, projection.evolve(decision, coordinates, current, facts));
    },
  };
}
