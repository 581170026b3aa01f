// Compares a shadow schema with live state: the state hash for everything, or the rows of one
// workflow, and where they differ, the first differing row by primary key. Both schemas live in
// one database, so a FULL JOIN finds rows missing on either side as well as changed ones.
import { createHash } from 'node:crypto';
import { stateHash, tableHashes } from './queries/state-hash.ts';
import type { Db, Row } from './store/db.ts';
import { inSchema, quoteSchema } from './store/schema-scope.ts';

interface KeyColumn {
  readonly name: string;
  readonly text: boolean;
}

const text = (name: string): KeyColumn => ({ name, text: true });
const PROJECTION_KEYS: Readonly<Record<string, readonly KeyColumn[]>> = {
  workflows: [text('correlation_id')],
  workflow_snapshots: [text('correlation_id'), { name: 'version', text: false }],
  agent_stats: [text('agent')],
  agent_latency: [text('agent'), text('le')],
  incidents: [text('decision_id')],
};

const orderBy = (table: string): string =>
  (PROJECTION_KEYS[table] ?? []).map((key) => (key.text ? `${key.name} COLLATE "C"` : key.name)).join(', ');

/** The tables holding one workflow's rows, all keyed or indexed by correlation_id. */
const WORKFLOW_TABLES = ['workflows', 'workflow_snapshots', 'incidents'] as const;

export interface Divergence {
  readonly table: string;
  /** The primary key of the first differing row. */
  readonly key: Readonly<Record<string, unknown>>;
  /** The row on each side; null where it is missing. */
  readonly live: Row | null;
  readonly shadow: Row | null;
}

export type Comparison =
  | { readonly identical: true; readonly live: string; readonly shadow: string }
  | {
      readonly identical: false;
      readonly live: string;
      readonly shadow: string;
      readonly divergence: Divergence;
    };

/** The first row, in primary-key order, that differs between the schemas; null when none does. */
export function firstDivergence(
  db: Db,
  liveSchema: string,
  shadowSchema: string,
  table: string,
  workflow?: string,
): Promise<Divergence | null> {
  const keys = PROJECTION_KEYS[table];
  if (!keys) throw new Error(`${table} is not a projection table`);
  const live = `${quoteSchema(liveSchema)}.${table}`;
  const shadow = `${quoteSchema(shadowSchema)}.${table}`;
  const onlyWorkflow = workflow === undefined ? '' : 'AND coalesce(l.correlation_id, s.correlation_id) = $1';
  return inSchema(db, liveSchema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT to_jsonb(l) AS live, to_jsonb(s) AS shadow
       FROM ${live} l FULL JOIN ${shadow} s USING (${keys.map((key) => key.name).join(', ')})
       WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(s) ${onlyWorkflow}
       ORDER BY ${orderBy(table)} LIMIT 1`,
      workflow === undefined ? [] : [workflow],
    );
    const row = rows[0];
    if (!row) return null;
    const liveRow = (row.live ?? null) as Row | null;
    const shadowRow = (row.shadow ?? null) as Row | null;
    const either = liveRow ?? shadowRow ?? {};
    const key = Object.fromEntries(keys.map(({ name }) => [name, either[name]]));
    return { table, key, live: liveRow, shadow: shadowRow };
  });
}

/** Every projection: equal state hashes, or the first differing row of the first differing table. */
export async function compareStates(db: Db, liveSchema: string, shadowSchema: string): Promise<Comparison> {
  const live = await stateHash(db, liveSchema);
  const shadow = await stateHash(db, shadowSchema);
  if (live === shadow) return { identical: true, live, shadow };
  const [liveTables, shadowTables] = [await tableHashes(db, liveSchema), await tableHashes(db, shadowSchema)];
  for (const table of Object.keys(liveTables)) {
    if (liveTables[table] === shadowTables[table]) continue;
    const divergence = await firstDivergence(db, liveSchema, shadowSchema, table);
    if (divergence) return { identical: false, live, shadow, divergence };
  }
  throw new Error(`state hashes differ (${live} vs ${shadow}) but no differing row was found`);
}

/** One workflow's rows in every table that holds them. Hashes are of those rows, for reporting. */
export async function compareWorkflow(
  db: Db,
  liveSchema: string,
  shadowSchema: string,
  workflow: string,
): Promise<Comparison> {
  const [live, shadow] = [
    await workflowHash(db, liveSchema, workflow),
    await workflowHash(db, shadowSchema, workflow),
  ];
  for (const table of WORKFLOW_TABLES) {
    const divergence = await firstDivergence(db, liveSchema, shadowSchema, table, workflow);
    if (divergence) return { identical: false, live, shadow, divergence };
  }
  return { identical: true, live, shadow };
}

async function workflowHash(db: Db, schema: string, workflow: string): Promise<string> {
  return inSchema(db, schema, async (tx) => {
    const hash = createHash('sha256');
    for (const table of WORKFLOW_TABLES) {
      const { rows } = await tx.query(
        `SELECT to_jsonb(t)::text AS row FROM ${table} t WHERE correlation_id = $1 ORDER BY ${orderBy(table)}`,
        [workflow],
      );
      hash.update(`${table}\n`);
      for (const row of rows) hash.update(String(row.row)).update('\n');
    }
    return hash.digest('hex');
  });
}
