// Checks the audit log against the checkpoints published to Kafka. The database's own
// checkpoint table can be cut back together with the chain by a superuser; the published ones
// cannot, so a chain shortened or rewritten behind one of them is caught here.
import type { KeyObject } from 'node:crypto';
import { checkpointSignatureValid } from './audit/checkpoint.ts';
import type { AuditFailure } from './audit/row-checks.ts';
import type { PublishedCheckpoint } from './checkpoint-topic.ts';
import type { Db } from './store/db.ts';
import { inSchema } from './store/schema-scope.ts';
import { asNumber, asText } from './store/values.ts';

export async function checkPublishedCheckpoints(
  db: Db,
  schema: string,
  published: readonly PublishedCheckpoint[],
  publicKey: KeyObject,
): Promise<AuditFailure[]> {
  const seqs = [...new Set(published.map((checkpoint) => checkpoint.seq))];
  const rows = await inSchema(db, schema, async (tx) => {
    const result = await tx.query(
      'SELECT seq, decision_id, hash FROM audit_log WHERE seq = ANY($1::bigint[])',
      [seqs],
    );
    return new Map(
      result.rows.map((row) => [
        asNumber(row.seq),
        { decisionId: asText(row.decision_id), hash: asText(row.hash) },
      ]),
    );
  });
  return published.flatMap((checkpoint): AuditFailure[] => {
    const row = rows.get(checkpoint.seq);
    const at = { seq: checkpoint.seq, decisionId: row?.decisionId ?? null };
    if (!checkpointSignatureValid(checkpoint, publicKey)) {
      return [
        {
          ...at,
          kind: 'checkpoint-signature',
          reason: `published checkpoint at seq ${checkpoint.seq} is not signed by this key`,
        },
      ];
    }
    if (!row) {
      return [
        {
          ...at,
          kind: 'checkpoint-orphaned',
          reason: `a checkpoint published at ${checkpoint.at} pins seq ${checkpoint.seq}, which the audit log no longer has`,
        },
      ];
    }
    if (row.hash !== checkpoint.hash) {
      return [
        {
          ...at,
          kind: 'checkpoint-mismatch',
          reason: `row ${checkpoint.seq} no longer has the hash published at ${checkpoint.at}`,
        },
      ];
    }
    return [];
  });
}
