import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getWorkflow, inSchema } from '../projector/index.ts';
import { parseUnapplied, UNAPPLIED_EVENT_TYPE } from '../projector/audit/unapplied.ts';
import { freshSchema, openAppRoleTestDb } from '../projector/testing/database.ts';
import { decisionsInstallation, syntheticDecisions } from '../projector/testing/installation.ts';
import { ed25519Keys } from '../projector/testing/keys.ts';
import { projectAll } from '../projector/testing/projecting.ts';
import { verifyAuditTrail } from '../projector/verify-trail.ts';
import type { Decision } from '../schemas/generated/types.ts';
import { projectorServices } from './support/projector-services.ts';

// The migrator's connection (db) makes the schema; the projector logs in as the application role.
const { db, bus, codec } = projectorServices();
const projectorDb = openAppRoleTestDb();
afterAll(() => projectorDb.close());

const poisoned = (decision: Decision, change: Partial<Decision>): Decision => ({ ...decision, ...change });

describe('a decision the projector cannot apply', () => {
  it('is audited with its bytes and the reason, and the projector goes on with the next one', async () => {
    // Given decisions the database refuses — U+0000 in the workflow id and in the sender, a
    // decision id too long for its index — and a record that is no decision at all, between
    // two normal workflows on sg.decisions
    const installation = await decisionsInstallation(bus, 1);
    const schema = await freshSchema(db);
    const keys = ed25519Keys();
    const [template] = syntheticDecisions(1, 'poison-');
    const before = syntheticDecisions(8, 'before-');
    const after = syntheticDecisions(8, 'after-');
    const refused = [
      poisoned(template!, { decisionId: 'nul-workflow', correlationId: 'wf-\u0000-1' }),
      poisoned(template!, { decisionId: 'nul-sender', sender: 'core\u0000banking' }),
      poisoned(template!, { decisionId: randomBytes(9000).toString('base64') }),
    ];
    const encode = (decision: Decision) => codec.encode('swarmgate.v1.Decision', decision);
    const bytes = [...(await Promise.all(refused.map(encode))), Buffer.from('not a decision')];
    const topic = installation.names.decisions;
    await bus.send((await Promise.all(before.map(encode))).map((value) => ({ topic, key: 'k', value })));
    await bus.send(bytes.map((value) => ({ topic, key: 'k', value })));
    await bus.send((await Promise.all(after.map(encode))).map((value) => ({ topic, key: 'k', value })));

    // When the projector, as the application role, consumes the topic
    const options = { bus, codec, names: installation.names, db: projectorDb, schema };
    await projectAll({ ...options, checkpointKey: keys.privateKey, checkpointEvery: 5 }, 20);

    // Then each refused record is an incident and an audit row holding its exact bytes and the reason,
    const audited = await inSchema(db, schema, async (tx) => {
      const incidents = await tx.query(
        'SELECT decision_id FROM incidents WHERE event_type = $1 ORDER BY kafka_offset',
        [UNAPPLIED_EVENT_TYPE],
      );
      const rows = await tx.query("SELECT canonical FROM audit_log WHERE correlation_id = '' ORDER BY seq");
      return {
        incidents: incidents.rows.map((row) => String(row.decision_id)),
        contents: rows.rows.map((row) => parseUnapplied(String(row.canonical))),
      };
    });
    expect(audited.incidents).toEqual([8, 9, 10, 11].map((offset) => `unapplied:${topic}/0/${offset}`));
    expect(audited.contents.map((content) => content?.raw)).toEqual(bytes.map((b) => b.toString('base64')));
    expect(audited.contents[0]?.error).toMatch(/refused the decision: invalid byte sequence .*0x00/);
    expect(audited.contents[2]?.error).toMatch(/refused the decision: index row .*size/);
    expect(audited.contents[3]?.error).toMatch(/does not decode as a decision/);
    // the workflows before and after are applied,
    expect(await getWorkflow(db, schema, 'before-workflow-0')).toMatchObject({ status: 'completed' });
    expect(await getWorkflow(db, schema, 'after-workflow-0')).toMatchObject({ status: 'completed' });
    // and the whole trail verifies against Kafka, every record of the topic accounted for
    const report = await verifyAuditTrail({ ...options, db, publicKey: keys.publicKey });
    expect(report).toMatchObject({ ok: true, rows: 20, recordsChecked: true, failures: [] });
  });
});
