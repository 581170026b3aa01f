import { afterAll, describe, expect, it } from 'vitest';
import { createKafka } from '../bus/kafka/config.ts';
import { parseCheckpointRecord } from '../projector/checkpoint-topic.ts';
import { startProjector } from '../projector/consumer.ts';
import { projectorLag } from '../projector/lag.ts';
import { projecting } from '../projector/testing/projecting.ts';
import {
  applyBatch,
  getWorkflow,
  inSchema,
  loadOffsets,
  migrate,
  quoteSchema,
  readCheckpoints,
  stateHash,
  verifyAudit,
} from '../projector/index.ts';
import { ed25519Keys, freshSchema, openAppRoleTestDb } from '../projector/testing/database.ts';
import { decisionStream } from '../projector/testing/decisions.ts';
import {
  decisionsInstallation,
  syntheticDecisions,
  writeDecisions,
} from '../projector/testing/installation.ts';
import { collect } from './support/collect.ts';
import { uniqueName } from './support/names.ts';
import { projectorServices } from './support/projector-services.ts';
import { services } from './support/services.ts';

const { db, bus, codec } = projectorServices();
// The migrator (db) makes each schema; where a spec only projects, it logs in as the application role.
const projectorDb = openAppRoleTestDb();
afterAll(() => projectorDb.close());

/** Commits the partition's end offset for the group, as a member that ran ahead would have. */
async function commitAs(
  groupId: string,
  topic: string,
  partition: number,
  ends: readonly { partition: number; offset: string }[],
): Promise<void> {
  const admin = createKafka({ brokers: services.brokers }).admin();
  await admin.connect();
  try {
    const offset = ends.find((end) => end.partition === partition)!.offset;
    await admin.setOffsets({ groupId, topic, partitions: [{ partition, offset }] });
  } finally {
    await admin.disconnect();
  }
}

describe('the projector consuming sg.decisions', () => {
  it('applies each decision once, dead-letters and audits what never decodes, publishes checkpoints, and resumes', async () => {
    // Given 700 decisions and one record that is not a decision on the decisions topic
    const { names, checkpoints } = await decisionsInstallation(bus);
    const schema = await freshSchema(db);
    const keys = ed25519Keys();
    const decisions = syntheticDecisions(700);
    await writeDecisions(bus, codec, names.decisions, decisions.slice(0, 400));
    await bus.send([{ topic: names.decisions, key: 'workflow-1', value: Buffer.from('not avro') }]);
    await writeDecisions(bus, codec, names.decisions, decisions.slice(400));
    const published = collect(bus, uniqueName('checkpoints'), [checkpoints]);
    const deadLetters = collect(bus, uniqueName('dlq'), [names.dlq]);
    const options = {
      bus,
      codec,
      names,
      db: projectorDb,
      schema,
      checkpointKey: keys.privateKey,
      checkpointEvery: 100,
    };

    // When the projector applies them and stops, 7 more arrive, and it starts again on the same schema
    const first = await projecting(options, 701);
    await first.done;
    await first.projector.stop();
    const endsBefore = await bus.endOffsets(names.decisions);
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(7, 'late-'));
    const second = await projecting(options, 7);
    await second.done;
    await second.projector.stop();

    // Then every decision is in the chain once, the bad record is dead-lettered, audited and passed,
    expect([...second.projector.resumedFrom].map((p) => p.nextOffset).sort()).toEqual(
      endsBefore.map((e) => e.offset).sort(),
    );
    expect(second.batches.reduce((sum, batch) => sum + batch.applied, 0)).toBe(7);
    const report = await verifyAudit(db, schema, { publicKey: keys.publicKey });
    expect(report).toMatchObject({ ok: true, rows: 708 });
    expect(first.batches.reduce((sum, batch) => sum + batch.unapplied, 0)).toBe(1);
    expect(await getWorkflow(db, schema, 'workflow-0')).toMatchObject({ version: 8, status: 'completed' });
    const dead = await deadLetters.until((records) => records.length >= 1);
    const letter = await codec.decodeAs('swarmgate.v1.DeadLetter', dead[0]!.value);
    expect(letter).toMatchObject({ sourceTopic: names.decisions, errorCode: 'NOT_WIRE_FORMAT' });
    const offsets = await loadOffsets(db, schema, 'projector');
    const ends = await bus.endOffsets(names.decisions);
    expect(offsets.map((p) => p.nextOffset).sort()).toEqual(ends.map((e) => e.offset).sort());
    // and the database's checkpoints (every 100 rows and one on each stop) are all published
    const stored = await inSchema(db, schema, (tx) => readCheckpoints(tx));
    const seen = await published.until((records) => records.length >= stored.length);
    expect(seen.map(parseCheckpointRecord).map((c) => c?.seq)).toEqual(stored.map((c) => c.seq));
    expect(stored.map((c) => c.seq)).toContain(708);
    await published.stop();
    await deadLetters.stop();
  });

  it('replays what Kafka committed past the database instead of skipping it', async () => {
    // Given a projector that applied 140 decisions, then its schema recreated empty (a restore
    // from an old backup) while Kafka's group keeps its committed offsets
    const { names } = await decisionsInstallation(bus);
    const schema = await freshSchema(db);
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(140));
    const options = { bus, codec, names, db, schema };
    const before = await projecting(options, 140);
    await before.done;
    await before.projector.stop();
    const hashBefore = await stateHash(db, schema);
    await db.exec(`DROP SCHEMA ${quoteSchema(schema)} CASCADE`);
    await migrate(db, schema);

    // When the projector starts on the recreated schema
    const after = await projecting(options, 140);
    await after.done;
    await after.projector.stop();

    // Then it replayed the gap rather than trusting Kafka's offsets, and the state is whole again
    expect(after.projector.replayedGap).toBe(140);
    expect(await stateHash(db, schema)).toBe(hashBefore);
  });

  it('replays only the partition Kafka committed past the database, passing over nothing on the others', async () => {
    // Given 140 applied decisions, 140 more not yet applied, and Kafka's group committed past the
    // database on the partition that holds the most (so the others lag below its offset)
    const { names } = await decisionsInstallation(bus);
    const schema = await freshSchema(db);
    const keys = ed25519Keys();
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(140));
    const options = { bus, codec, names, db, schema, checkpointKey: keys.privateKey };
    const before = await projecting(options, 140);
    await before.done;
    await before.projector.stop();
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(140, 'late-'));
    const applied = await loadOffsets(db, schema, 'projector');
    const highest = applied.reduce((a, b) => (BigInt(b.nextOffset) > BigInt(a.nextOffset) ? b : a));
    expect(applied.some((p) => BigInt(p.nextOffset) < BigInt(highest.nextOffset))).toBe(true);
    const ends = await bus.endOffsets(names.decisions);
    await commitAs(before.projector.groupId, names.decisions, highest.partition, ends);

    // When the projector starts again
    const after = await projecting(options, 140);
    await after.done;
    await after.projector.stop();

    // Then every decision of every partition is in the chain once
    expect(after.projector.replayedGap).toBeGreaterThan(0);
    expect(await verifyAudit(db, schema, { publicKey: keys.publicKey })).toMatchObject({
      ok: true,
      rows: 280,
    });
  });

  it('stores its positions past the markers of committed and aborted transactions, so caught up means no lag', async () => {
    // Given decisions written as the gate writes them: in a committed transaction, then a
    // transaction aborted at the topic's end (its records and its marker are never read)
    const { names } = await decisionsInstallation(bus, 1);
    const schema = await freshSchema(db);
    const producer = await bus.transactionalProducer(uniqueName('decisions-writer'));
    const decisions = await Promise.all(
      syntheticDecisions(8).map(async (decision) => ({
        topic: names.decisions,
        key: decision.correlationId,
        value: await codec.encode('swarmgate.v1.Decision', decision),
      })),
    );
    const committed = await producer.transaction();
    await committed.send(decisions.slice(0, 5));
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send(decisions.slice(5));
    await aborted.abort();
    await producer.close();

    // When the projector has applied the committed ones
    const run = await projecting({ bus, codec, names, db: projectorDb, schema }, 5);
    await run.done;

    // Then what /healthz reads shows no lag once it is past the aborted tail too
    const lag = () => projectorLag(projectorDb, schema, bus, names.decisions, 'projector');
    await expect.poll(async () => (await lag()).lag, { timeout: 60_000 }).toBe(0);
    await run.projector.stop();
    expect(run.batches.reduce((sum, batch) => sum + batch.applied, 0)).toBe(5);
  });

  it('publishes on start the checkpoints a crash left stored but unpublished', async () => {
    // Given checkpoints at seq 8, 16 and 24 (the head) committed to the database and never published
    const { names, checkpoints } = await decisionsInstallation(bus);
    const schema = await freshSchema(db);
    const keys = ed25519Keys();
    await applyBatch(
      db,
      schema,
      decisionStream(3),
      { group: 'projector' },
      {
        checkpoints: { privateKey: keys.privateKey, every: 8 },
      },
    );
    const published = collect(bus, uniqueName('checkpoints'), [checkpoints]);

    // When the projector starts
    const projector = await startProjector({ bus, codec, names, db, schema, checkpointKey: keys.privateKey });

    // Then they are published, in order, and stopping adds nothing (the head is already out)
    const seen = await published.until((records) => records.length >= 3);
    await projector.stop();
    expect(seen.map((record) => parseCheckpointRecord(record)?.seq)).toEqual([8, 16, 24]);
    await published.stop();
  });
});
