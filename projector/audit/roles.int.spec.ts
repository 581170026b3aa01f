import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../apply-batch.ts';
import { migrations } from '../migrations/list.ts';
import { migrate } from '../migrations/migrate.ts';
import { getWorkflow } from '../queries.ts';
import type { Db } from '../store/db.ts';
import { dbRoles } from '../store/roles.ts';
import { quoteSchema } from '../store/schema-scope.ts';
import { asNumber } from '../store/values.ts';
import { freshSchema, openAppRoleTestDb, openTestDb } from '../testing/database.ts';
import { decisionStream } from '../testing/decisions.ts';
import { verifyAudit } from './verify.ts';
import { ed25519Keys } from '../testing/keys.ts';

// The migrator (a superuser here) creates the schema; the projector logs in as the application role.
const migrator = openTestDb();
const projector = openAppRoleTestDb();
afterAll(() => Promise.all([migrator.close(), projector.close()]));

const INSUFFICIENT_PRIVILEGE = '42501';

/** One statement on the projector's own connection, in the schema. */
function asProjector(schema: string, sql: string): Promise<unknown> {
  return projector.transaction(async (tx) => {
    await tx.query(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
    return tx.query(sql);
  });
}

async function projectedSchema(database: Db = projector): Promise<string> {
  const schema = await freshSchema(migrator);
  await applyBatch(database, schema, decisionStream(1), { group: 'projector' });
  return schema;
}

const owners = (schema: string) =>
  migrator.query<{ owner: string }>(
    `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = $1::regnamespace
     UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = $1::regnamespace`,
    [quoteSchema(schema)],
  );

describe("the projector's database role", () => {
  it('logs in as the application role, which owns nothing in the schema', async () => {
    const schema = await projectedSchema();

    const user = await projector.query<{ name: string; superuser: boolean }>(
      'SELECT current_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    );

    expect(user.rows[0]).toEqual({ name: dbRoles().app, superuser: false });
    expect((await owners(schema)).rows.map((row) => row.owner)).toEqual([dbRoles().owner]);
  });

  const forbidden = [
    ['DISABLE TRIGGER', 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only'],
    ['DISABLE TRIGGER USER', 'ALTER TABLE audit_checkpoints DISABLE TRIGGER USER'],
    ['DROP TRIGGER', 'DROP TRIGGER audit_log_append_only ON audit_log'],
    ['DROP FUNCTION', 'DROP FUNCTION refuse_change() CASCADE'],
    [
      'CREATE OR REPLACE of the trigger function',
      `CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
    ],
    ['TRUNCATE', 'TRUNCATE audit_log'],
    ['UPDATE', `UPDATE audit_log SET canonical = '{}' WHERE seq = 1`],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 1'],
    ['UPDATE of a checkpoint', `UPDATE audit_checkpoints SET hash = 'forged'`],
    ['DELETE of a checkpoint', 'DELETE FROM audit_checkpoints'],
    ['TRUNCATE of the snapshots', 'TRUNCATE workflow_snapshots'],
    ['DROP TABLE', 'DROP TABLE audit_log'],
    ['ALTER TABLE … OWNER', `ALTER TABLE audit_log OWNER TO ${dbRoles().app}`],
  ] as const;

  it.each(forbidden)('is refused %s with a permission error', async (_name, sql) => {
    const schema = await projectedSchema();

    const attempt = asProjector(schema, sql);

    await expect(attempt).rejects.toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
  });

  it('reads and appends, and applies decisions with checkpoints that verify', async () => {
    const keys = ed25519Keys();
    const schema = await freshSchema(migrator);
    const stream = decisionStream(2);

    const result = await applyBatch(
      projector,
      schema,
      stream,
      { group: 'projector' },
      {
        checkpoints: { privateKey: keys.privateKey, every: 5 },
      },
    );
    const rows = await asProjector(schema, 'SELECT count(*) AS n FROM audit_log');

    expect(result).toMatchObject({ applied: stream.length, unapplied: 0 });
    expect(asNumber((rows as { rows: { n: unknown }[] }).rows[0]?.n)).toBe(stream.length);
    expect(await getWorkflow(projector, schema, 'workflow-1')).toMatchObject({ status: 'completed' });
    expect(await verifyAudit(projector, schema, { publicKey: keys.publicKey })).toMatchObject({
      ok: true,
      checkpoints: 3,
    });
  });

  it('checks on start that its schema is up to date, and names what it may not migrate', async () => {
    const schema = await projectedSchema();
    const next = { version: 99, name: 'notes', sql: 'CREATE TABLE notes (note text)' };

    const upToDate = await migrate(projector, schema);
    const pending = migrate(projector, schema, [...migrations, next]);

    expect(upToDate.applied).toEqual([]);
    await expect(pending).rejects.toThrow(
      `schema ${schema} needs migrations 99, and this connection may not run them`,
    );
  });
});
