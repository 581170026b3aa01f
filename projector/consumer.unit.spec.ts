import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory/index.ts';
import { topicNames } from '../bus/topics.ts';
import { Codec } from '../schemas/codec.ts';
import { parseCheckpointRecord } from './checkpoint-topic.ts';
import { openProjectorDb, type ProjectorDb } from './open-projector-db.ts';
import { getWorkflow, verifyAudit } from './index.ts';
import { ed25519Keys } from './testing/keys.ts';
import { syntheticDecisions } from './testing/installation.ts';
import { projecting } from './testing/projecting.ts';

// The embedded default: the in-process log, the in-process registry and PGlite.
const bus = new MemoryBus();
const codec = Codec.embedded();
let store: ProjectorDb;

beforeAll(async () => {
  await codec.registerAll();
  store = await openProjectorDb({ embedded: true });
});
afterAll(async () => {
  await bus.close();
  await store.db.close();
});

describe('the projector on the embedded defaults', () => {
  it('projects, dead-letters and publishes checkpoints exactly as on Kafka', async () => {
    // Given 28 decisions and one undecodable record on the in-process log
    const names = topicNames('embedded.');
    await bus.createTopics([
      { topic: names.decisions, partitions: 2 },
      { topic: names.dlq, partitions: 1 },
    ]);
    const decisions = syntheticDecisions(28);
    const encoded = await Promise.all(
      decisions.map(async (d) => ({
        topic: names.decisions,
        key: d.correlationId,
        value: await codec.encode('swarmgate.v1.Decision', d),
      })),
    );
    await bus.send([
      ...encoded.slice(0, 10),
      { topic: names.decisions, value: Buffer.from('?') },
      ...encoded.slice(10),
    ]);
    const keys = ed25519Keys();

    // When the projector runs until it has applied them, and stops
    const run = await projecting(
      {
        bus,
        codec,
        names,
        db: store.db,
        schema: store.schema,
        checkpointKey: keys.privateKey,
        checkpointEvery: 10,
      },
      28,
    );
    await run.done;
    await run.projector.stop();

    // Then the state and the chain are whole (28 decisions and the bad record audited as unapplied),
    // the bad record is in the DLQ too, and checkpoints are published
    expect(await getWorkflow(store.db, store.schema, 'workflow-0')).toMatchObject({ version: 7 });
    expect(await verifyAudit(store.db, store.schema, { publicKey: keys.publicKey })).toMatchObject({
      ok: true,
      rows: 29,
    });
    expect(bus.log.topic(names.dlq).partitions.flat()).toHaveLength(1);
    const published = bus.log.topic(run.projector.checkpointsTopic).partitions.flat();
    expect(published.map((record) => parseCheckpointRecord(record)?.seq)).toEqual([10, 20, 29]);
  });
});
