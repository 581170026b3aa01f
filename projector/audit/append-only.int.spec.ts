import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../apply-batch.ts';
import type { Db } from '../store/db.ts';
import { APP_ROLE, inSchema, quoteSchema } from '../store/schema-scope.ts';
import { freshSchema, openTestDb } from '../testing/database.ts';
import { decisionStream } from '../testing/decisions.ts';

const db = openTestDb();
afterAll(() => db.close());

class RolledBack extends Error {}

/** Runs one statement as the application role and rolls it back; resolves when it was allowed. */
async function asAppRole(database: Db, schema: string, sql: string): Promise<'allowed'> {
  try {
    await database.transaction(async (tx) => {
      await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
      await tx.query(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
      await tx.query(sql);
      throw new RolledBack();
    });
  } catch (error) {
    if (error instanceof RolledBack) return 'allowed';
    throw error;
  }
  throw new Error('unreachable: the transaction always rolls back');
}

describe('the audit log is append-only', () => {
  const forbidden = [
    ['UPDATE', 'UPDATE audit_log SET canonical = $$forged$$ WHERE seq = 1'],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 1'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
    ['UPDATE of a checkpoint', 'UPDATE audit_checkpoints SET hash = $$forged$$'],
    ['DELETE of a snapshot', 'DELETE FROM workflow_snapshots'],
  ] as const;

  it.each(forbidden)('refuses %s by the application role', async (_name, sql) => {
    const schema = await freshSchema(db);
    await applyBatch(db, schema, decisionStream(1), { group: 'projector' });

    const attempt = asAppRole(db, schema, sql);

    await expect(attempt).rejects.toThrow(/permission denied/);
  });

  it.each([
    ['UPDATE', 'UPDATE audit_log SET canonical = $$forged$$ WHERE seq = 1'],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 1'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])('refuses %s even by the owner, through the trigger', async (_name, sql) => {
    const schema = await freshSchema(db);
    await applyBatch(db, schema, decisionStream(1), { group: 'projector' });

    const attempt = db.transaction(async (tx) => {
      await tx.query(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
      await tx.query(sql);
    });

    await expect(attempt).rejects.toThrow(/audit_log is append-only/);
  });

  it('lets the application role read and append', async () => {
    const schema = await freshSchema(db);
    await applyBatch(db, schema, decisionStream(1), { group: 'projector' });

    const read = asAppRole(db, schema, 'SELECT count(*) FROM audit_log');
    const append = asAppRole(
      db,
      schema,
      `INSERT INTO audit_log SELECT seq + 100, decision_id || 'x', correlation_id,
      topic, partition, kafka_offset + 100, decided_at, canonical, prev_hash, hash FROM audit_log WHERE seq = 1`,
    );

    await expect(read).resolves.toBe('allowed');
    await expect(append).resolves.toBe('allowed');
  });

  it('has the projector write as the application role when connected as a superuser', async () => {
    const schema = await freshSchema(db);

    const user = await inSchema(
      db,
      schema,
      async (tx) => (await tx.query('SELECT current_user AS name')).rows[0]?.name,
      { asAppRole: true },
    );

    expect(user).toBe(APP_ROLE);
  });
});
