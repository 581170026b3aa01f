// A fingerprint of the projection tables, to compare a shadow replay with live state. Rows are
// read in primary-key order under the C collation and rendered by PostgreSQL's own jsonb text
// output, which is deterministic; consumer positions and the audit tables are left out (they
// differ by consumer group and by signing time, not by what the decisions meant).
import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { asText } from '../store/values.ts';

const PROJECTION_TABLES = {
  workflows: 'correlation_id COLLATE "C"',
  workflow_snapshots: 'correlation_id COLLATE "C", version',
  agent_stats: 'agent COLLATE "C"',
  agent_latency: 'agent COLLATE "C", le COLLATE "C"',
  incidents: 'decision_id COLLATE "C"',
  policy_verdicts: 'policy COLLATE "C"',
  policy_verdict_workflows: 'policy COLLATE "C", correlation_id COLLATE "C"',
} as const;

/** SHA-256 (hex) of each projection table's rows. */
export function tableHashes(db: Db, schema: string): Promise<Record<string, string>> {
  return inSchema(db, schema, async (tx) => {
    const hashes: Record<string, string> = {};
    for (const [table, order] of Object.entries(PROJECTION_TABLES)) {
      const { rows } = await tx.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY ${order}`);
      const hash = createHash('sha256');
      for (const row of rows) hash.update(asText(row.row)).update('\n');
      hashes[table] = hash.digest('hex');
    }
    return hashes;
  });
}

/** One SHA-256 (hex) over every projection table: equal schemas, equal hashes. */
export async function stateHash(db: Db, schema: string): Promise<string> {
  const hashes = await tableHashes(db, schema);
  const hash = createHash('sha256');
  for (const [table, tableHash] of Object.entries(hashes)) hash.update(`${table}=${tableHash}\n`);
  return hash.digest('hex');
}
