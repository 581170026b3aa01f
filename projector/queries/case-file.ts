// A case file for an investigator: the workflow, its history, every decision with its audit
// row, and the proofs that tie each row to a signed checkpoint. Other workflows' rows on the
// way to a checkpoint appear only as entry digests, so nothing about them is disclosed.
import type { Decision } from '../../schemas/generated/types.ts';
import { AUDIT_COLUMNS, auditRowFromRow, type AuditRow } from '../audit/audit-row.ts';
import { parseCanonicalDecision } from '../audit/canonical-decision.ts';
import type { ChainProof } from '../audit/case-file-proof.ts';
import type { SignedCheckpoint } from '../audit/checkpoint.ts';
import { readCheckpoints } from '../audit/checkpoints.ts';
import type { WorkflowState } from '../projections/workflow-state.ts';
import type { Db, Queryable } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { asNumber, asText } from '../store/values.ts';
import { getWorkflow, workflowHistory, type WorkflowSnapshot } from './workflows.ts';

export interface CaseFileEntry extends AuditRow {
  /** `canonical`, parsed for reading; the proofs cover `canonical`, so check against that. */
  readonly decision: Decision;
  /** The nearest checkpoint at or after this row; null while none is signed yet. */
  readonly checkpointSeq: number | null;
}

export interface CaseFile extends ChainProof {
  readonly correlationId: string;
  readonly workflow: WorkflowState | null;
  readonly history: readonly WorkflowSnapshot[];
  readonly entries: readonly CaseFileEntry[];
  readonly checkpoints: readonly SignedCheckpoint[];
}

// entryDigest (audit/chain.ts), computed where the rows are: only the 64-character digests of
// the other rows travel and nothing is hashed on the API's event loop. The case file's own
// proof check (checkChainProof) recomputes the chain with entryDigest, so the two must agree.
const DIGESTS_SQL = `
SELECT seq, encode(sha256(convert_to(seq || E'\\n' || topic || E'\\n' || partition || E'\\n' || kafka_offset
         || E'\\n' || canonical, 'UTF8')), 'hex') AS digest
  FROM audit_log WHERE seq > $1 AND seq <= $2 AND NOT (seq = ANY($3::bigint[])) ORDER BY seq`;

async function digestsBetween(tx: Queryable, ranges: readonly [number, number][], own: readonly number[]) {
  const digests: { seq: number; digest: string }[] = [];
  for (const [after, upTo] of ranges) {
    const { rows } = await tx.query(DIGESTS_SQL, [after, upTo, own]);
    for (const row of rows) digests.push({ seq: asNumber(row.seq), digest: asText(row.digest) });
  }
  return digests;
}

export async function exportCaseFile(db: Db, schema: string, correlationId: string): Promise<CaseFile> {
  const proof = await inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE correlation_id = $1 ORDER BY seq`,
      [correlationId],
    );
    const audit = rows.map(auditRowFromRow);
    // Only the checkpoints up to the first covering the workflow's last row: a few, not the
    // rest of the chain's.
    const allCheckpoints = await readCheckpoints(
      tx,
      audit[0]?.seq ?? Number.MAX_SAFE_INTEGER,
      audit.at(-1)?.seq ?? Number.MAX_SAFE_INTEGER,
    );
    const nearest = (seq: number) => allCheckpoints.find((checkpoint) => checkpoint.seq >= seq) ?? null;
    const entries = audit.map((row) => ({
      ...row,
      decision: parseCanonicalDecision(row.canonical),
      checkpointSeq: nearest(row.seq)?.seq ?? null,
    }));
    const ranges = entries.flatMap((e): [number, number][] =>
      e.checkpointSeq === null ? [] : [[e.seq, e.checkpointSeq]],
    );
    const checkpointSeqs = new Set(entries.map((e) => e.checkpointSeq));
    return {
      entries,
      digests: await digestsBetween(
        tx,
        mergeRanges(ranges),
        audit.map((row) => row.seq),
      ),
      checkpoints: allCheckpoints.filter((checkpoint) => checkpointSeqs.has(checkpoint.seq)),
    };
  });
  const [workflow, history] = await Promise.all([
    getWorkflow(db, schema, correlationId),
    workflowHistory(db, schema, correlationId),
  ]);
  return { correlationId, workflow, history, ...proof };
}

/** Entries sharing a checkpoint need only the range from the first of them. */
function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const byEnd = new Map<number, number>();
  for (const [after, upTo] of ranges) byEnd.set(upTo, Math.min(after, byEnd.get(upTo) ?? after));
  return [...byEnd].map(([upTo, after]) => [after, upTo]);
}

/** Buffers as base64, not as {type:'Buffer',data:[…]}; the canonical JSON in each entry stays the proof. */
export const caseFileJson = (value: CaseFile): string =>
  JSON.stringify(
    value,
    (_key, field: unknown) => {
      const buffer = field as { type?: unknown; data?: unknown } | null;
      return buffer?.type === 'Buffer' && Array.isArray(buffer.data)
        ? Buffer.from(buffer.data as number[]).toString('base64')
        : field;
    },
    2,
  );
