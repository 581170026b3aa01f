import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../apply-batch.ts';
import { verifyAudit } from '../audit/verify.ts';
import { migrate } from '../migrations/migrate.ts';
import { getWorkflow, stateHash } from '../queries.ts';
import { ed25519Keys, freshSchema, openTestDb } from '../testing/database.ts';
import { decisionStream, inBatches } from '../testing/decisions.ts';
import { decodeDecision, recordsOf } from '../testing/kafka-double.ts';
import type { Db } from './db.ts';
import { openProjectorDb } from '../open-projector-db.ts';
import { APP_ROLE, inSchema } from './schema-scope.ts';

const server = openTestDb();
let embedded: Db;
let schema: string;
beforeAll(async () => {
  ({ db: embedded, schema } = await openProjectorDb({ embedded: true }));
});
afterAll(() => Promise.all([server.close(), embedded.close()]));

describe('the same SQL on the embedded PGlite', () => {
  it('projects, refuses audit edits, verifies, and reaches the state PostgreSQL reaches', async () => {
    const keys = ed25519Keys();
    const stream = decisionStream(3);
    const onServer = await freshSchema(server);

    for (const batch of inBatches(stream, 8)) {
      await applyBatch(
        embedded,
        schema,
        batch,
        { group: 'projector' },
        { checkpoints: { privateKey: keys.privateKey, every: 10 } },
      );
    }
    const redelivered = await applyBatch(embedded, schema, stream, { group: 'projector' });
    await applyBatch(server, onServer, stream, { group: 'projector' });
    const deletion = inSchema(embedded, schema, (tx) => tx.query('DELETE FROM audit_log'), {
      asAppRole: true,
    });

    expect(redelivered.applied).toBe(0);
    expect(await getWorkflow(embedded, schema, 'workflow-0')).toMatchObject({
      status: 'completed',
      version: 8,
    });
    await expect(deletion).rejects.toThrow(/permission denied/);
    expect(
      await verifyAudit(embedded, schema, {
        publicKey: keys.publicKey,
        ...recordsOf(stream),
        decodeDecision,
      }),
    ).toMatchObject({ ok: true, rows: 24, checkpoints: 2 });
    expect(await stateHash(embedded, schema)).toBe(await stateHash(server, onServer));
  });

  it('runs as the application role there too', async () => {
    await migrate(embedded, 'swarmgate_roles');

    const user = await inSchema(
      embedded,
      'swarmgate_roles',
      async (tx) => (await tx.query('SELECT current_user AS u')).rows[0]?.u,
      { asAppRole: true },
    );

    expect(user).toBe(APP_ROLE);
  });
});
