import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../apply-batch.ts';
import { auditTrail } from '../queries.ts';
import { quoteSchema } from '../store/schema-scope.ts';
import { ed25519Keys, freshSchema, openTestDb } from '../testing/database.ts';
import { decisionStream, inBatches } from '../testing/decisions.ts';
import { decodeDecision, recordsOf } from '../testing/kafka-double.ts';
import { linkHash } from './chain.ts';
import { checkpointNow } from './checkpoints.ts';
import { verifyAudit } from './verify.ts';

const db = openTestDb();
afterAll(() => db.close());
const keys = ed25519Keys();
const stream = decisionStream(3);

/** Given a schema holding the stream, checkpointed every 5 rows. */
async function auditedStream(): Promise<string> {
  const schema = await freshSchema(db);
  for (const batch of inBatches(stream, 4, 9)) {
    await applyBatch(
      db,
      schema,
      batch,
      { group: 'projector' },
      { checkpoints: { privateKey: keys.privateKey, every: 5 } },
    );
  }
  return schema;
}

/** What a superuser can do: switch the trigger off, edit, switch it back on. */
async function superuserEdit(
  schema: string,
  table: string,
  sql: string,
  params: unknown[] = [],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
    await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await tx.query(sql, params);
    await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  });
}

/** The careful forger: recomputes every hash from a row on, so the chain is consistent again. */
async function rehashFrom(schema: string, fromSeq: number): Promise<void> {
  const rows = (
    await Promise.all(['workflow-0', 'workflow-1', 'workflow-2'].map((id) => auditTrail(db, schema, id)))
  )
    .flat()
    .sort((a, b) => a.seq - b.seq);
  let prevHash = rows.find((row) => row.seq === fromSeq - 1)?.hash ?? '';
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const hash = linkHash(prevHash, row);
    await superuserEdit(
      schema,
      'audit_log',
      'UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3',
      [prevHash, hash, row.seq],
    );
    prevHash = hash;
  }
}

const seqOf = async (schema: string, decisionId: string) =>
  (await auditTrail(db, schema, decisionId.replace(/^decision-(\d+)-\d+$/, 'workflow-$1'))).find(
    (row) => row.decisionId === decisionId,
  )?.seq;

describe('verifyAudit', () => {
  it('accepts an untouched chain, its checkpoints and the Kafka records behind it', async () => {
    const schema = await auditedStream();

    const report = await verifyAudit(db, schema, {
      publicKey: keys.publicKey,
      ...recordsOf(stream),
      decodeDecision,
      pageSize: 4,
    });

    expect(report).toEqual({ ok: true, rows: 24, checkpoints: 4, firstFailure: undefined, failures: [] });
  });

  it('pinpoints the one row a superuser edited behind the trigger', async () => {
    const schema = await auditedStream();
    await superuserEdit(
      schema,
      'audit_log',
      `UPDATE audit_log SET canonical = replace(canonical, '"costMicros":5000', '"costMicros":50') WHERE decision_id = $1`,
      ['decision-1-3'],
    );

    const report = await verifyAudit(db, schema, { publicKey: keys.publicKey });

    expect(report.ok).toBe(false);
    expect(report.failures).toHaveLength(1);
    expect(report.firstFailure).toMatchObject({
      seq: await seqOf(schema, 'decision-1-3'),
      decisionId: 'decision-1-3',
      kind: 'hash-mismatch',
    });
  });

  it('catches a rewritten chain through the signed checkpoints, and the edited row through Kafka', async () => {
    const schema = await auditedStream();
    const target = (await auditTrail(db, schema, 'workflow-0')).find(
      (row) => row.decisionId === 'decision-0-6',
    );
    if (!target) throw new Error('decision-0-6 not audited');
    await superuserEdit(schema, 'audit_log', 'UPDATE audit_log SET canonical = $1 WHERE seq = $2', [
      target.canonical.replace('"DELIVERED"', '"DENIED"'),
      target.seq,
    ]);
    await rehashFrom(schema, target.seq);

    const withoutKafka = await verifyAudit(db, schema, { publicKey: keys.publicKey });
    const withKafka = await verifyAudit(db, schema, {
      publicKey: keys.publicKey,
      ...recordsOf(stream),
      decodeDecision,
    });

    expect(withoutKafka.failures.map((f) => [f.seq, f.kind])).toEqual([[20, 'checkpoint-mismatch']]);
    expect(withKafka.firstFailure).toMatchObject({
      seq: target.seq,
      decisionId: 'decision-0-6',
      kind: 'record-differs',
    });
  });

  it('reports a deleted row as a gap at the row after it', async () => {
    const schema = await auditedStream();
    await superuserEdit(schema, 'audit_log', 'DELETE FROM audit_log WHERE seq = 7');

    const report = await verifyAudit(db, schema, { publicKey: keys.publicKey });

    expect(report.failures.map((f) => [f.seq, f.kind])).toEqual([
      [8, 'sequence-gap'],
      [8, 'broken-link'],
    ]);
  });

  it('reports a truncated tail through the checkpoint that pinned it', async () => {
    const schema = await auditedStream();
    await superuserEdit(schema, 'audit_log', 'DELETE FROM audit_log WHERE seq > 18');

    const report = await verifyAudit(db, schema, { publicKey: keys.publicKey });

    expect(report.failures.map((f) => [f.seq, f.kind])).toEqual([[20, 'checkpoint-orphaned']]);
  });

  it('reports a row whose Kafka record is gone as missing', async () => {
    const schema = await auditedStream();
    const kafka = recordsOf(stream);
    const [gone] = await auditTrail(db, schema, 'workflow-2');
    if (!gone) throw new Error('workflow-2 not audited');
    kafka.remove(gone.coordinates.topic, gone.coordinates.partition, gone.coordinates.offset);

    const report = await verifyAudit(db, schema, { publicKey: keys.publicKey, ...kafka, decodeDecision });

    expect(report.failures).toEqual([
      expect.objectContaining({ seq: gone.seq, decisionId: gone.decisionId, kind: 'record-missing' }),
    ]);
  });

  it('rejects checkpoints signed by another key', async () => {
    const schema = await auditedStream();

    const report = await verifyAudit(db, schema, { publicKey: ed25519Keys().publicKey });

    expect(report.failures.map((f) => [f.seq, f.kind])).toEqual(
      [5, 10, 15, 20].map((seq) => [seq, 'checkpoint-signature']),
    );
  });

  it('signs the head on demand, once per head', async () => {
    const schema = await auditedStream();

    const first = await checkpointNow(db, schema, { privateKey: keys.privateKey });
    const again = await checkpointNow(db, schema, { privateKey: keys.privateKey, clock: () => new Date(0) });

    expect(first).toMatchObject({ seq: 24 });
    expect(again).toEqual(first);
    expect(await verifyAudit(db, schema, { publicKey: keys.publicKey })).toMatchObject({
      ok: true,
      checkpoints: 5,
    });
  });
});
