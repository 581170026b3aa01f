import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import { asNumber } from '../store/values.ts';
import { freshSchema, openTestDb, uniqueSchemaName } from '../testing/database.ts';
import { migrations } from './list.ts';
import { migrate } from './migrate.ts';

const db = openTestDb();
afterAll(() => db.close());

const recorded = (database: Db, schema: string) =>
  inSchema(database, schema, async (tx) =>
    (await tx.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) =>
      asNumber(row.version),
    ),
  );

function dropAfterTest(schema: string): void {
  onTestFinished(() => db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

describe('migrate', () => {
  it('applies every migration once and records it', async () => {
    const schema = await freshSchema(db);

    const again = await migrate(db, schema);

    expect(again.applied).toEqual([]);
    expect(await recorded(db, schema)).toEqual(migrations.map((m) => m.version));
  });

  it('lets many processes start at once: each version is applied exactly once', async () => {
    const schema = uniqueSchemaName();
    dropAfterTest(schema);
    const processes = [openTestDb(), openTestDb(), openTestDb()];
    onTestFinished(() => Promise.all(processes.map((p) => p.close())).then(() => undefined));

    const reports = await Promise.all(processes.map((p) => migrate(p, schema)));

    expect(reports.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
    expect(await recorded(db, schema)).toEqual(migrations.map((m) => m.version));
  });

  it('refuses to run when an applied migration was edited', async () => {
    const schema = await freshSchema(db);
    const edited = migrations.map((m) => (m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));

    const attempt = migrate(db, schema, edited);

    await expect(attempt).rejects.toThrow('migration 1 (projector_offsets) changed after it was applied');
  });

  it('applies a new migration on the next start', async () => {
    const schema = await freshSchema(db);
    const next = {
      version: 99,
      name: 'agent_notes',
      sql: 'CREATE TABLE agent_notes (agent text PRIMARY KEY, note text)',
    };

    const report = await migrate(db, schema, [...migrations, next]);

    expect(report).toEqual({ applied: [99], current: 99 });
  });
});
