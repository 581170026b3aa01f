import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsumedRecord } from '../bus/port.ts';
import { parseCheckpointRecord } from '../projector/checkpoint-topic.ts';
import { inSchema, stateHash } from '../projector/index.ts';
import { loadVerifyingKey } from '../projector/signing-key.ts';
import { freshSchema } from '../projector/testing/database.ts';
import {
  decisionsInstallation,
  syntheticDecisions,
  writeDecisions,
} from '../projector/testing/installation.ts';
import { projectAll } from '../projector/testing/projecting.ts';
import type { Child } from './support/child.ts';
import { startCli } from './support/cli.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { verifyAuditTrail } from '../projector/verify-trail.ts';
import { collect } from './support/collect.ts';
import { uniqueName } from './support/names.ts';
import { projectorServices } from './support/projector-services.ts';
import { services } from './support/services.ts';

const DECISIONS = Number(process.env.SWARMGATE_CRASH_DECISIONS ?? 50_000);
const KILLS = 10;
// Checkpoints are the progress signal between kills; the last one lands exactly on the last decision.
const CHECKPOINT_EVERY = DECISIONS / 100;
if (!Number.isInteger(CHECKPOINT_EVERY))
  throw new Error('SWARMGATE_CRASH_DECISIONS must be a multiple of 100');

const { db, bus, codec } = projectorServices();
const keyDir = initializedKeyDir();
const children: Child[] = [];

afterAll(async () => {
  await Promise.all(children.map((child) => child.kill('SIGKILL')));
  rmSync(keyDir, { recursive: true, force: true });
});

const highestSeq = (records: readonly ConsumedRecord[], schema: string): number =>
  Math.max(0, ...records.map(parseCheckpointRecord).map((c) => (c?.schema === schema ? c.seq : 0)));

describe('the projector process under SIGKILL', () => {
  it(`ends, after ${KILLS} kills during ${DECISIONS} decisions, with the rows of a clean single pass and a chain that verifies`, async () => {
    // Given a decisions stream being written in chunks, a projector process on one schema,
    // and an in-process clean pass over the same topic into another
    const { names, prefix, checkpoints } = await decisionsInstallation(bus);
    const [crashed, clean] = [await freshSchema(db), await freshSchema(db)];
    const published = collect(bus, uniqueName('checkpoints'), [checkpoints]);
    const env = {
      KAFKA_BROKERS: services.brokers.join(','),
      SCHEMA_REGISTRY_URL: services.registryUrl,
      DATABASE_URL: services.databaseUrl,
      SWARMGATE_TOPIC_PREFIX: prefix,
      SWARMGATE_PROJECTOR_SCHEMA: crashed,
      SWARMGATE_KEY_DIR: keyDir,
      SWARMGATE_CHECKPOINT_EVERY: String(CHECKPOINT_EVERY),
    };
    const startProjectorProcess = async () => {
      const child = startCli(['projector'], env);
      children.push(child);
      await child.waitForLine(/"event":"projector\.ready"/);
      return child;
    };
    const writing = writeDecisions(bus, codec, names.decisions, syntheticDecisions(DECISIONS), 500);
    const cleanPass = projectAll({ bus, codec, names, db, schema: clean }, DECISIONS);
    let projector = await startProjectorProcess();

    // When it is killed with SIGKILL ten times, each time after it made progress since its restart
    const seqAtKill: number[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const target = Math.max(
        Math.floor((kill * DECISIONS) / (KILLS + 1)),
        highestSeq(published.records, crashed) + CHECKPOINT_EVERY,
      );
      const progress = await published.until(
        (records) => highestSeq(records, crashed) >= Math.min(target, DECISIONS),
      );
      if (highestSeq(progress, crashed) >= DECISIONS)
        throw new Error(`the stream was applied after ${kill - 1} kills; raise SWARMGATE_CRASH_DECISIONS`);
      await projector.kill('SIGKILL');
      seqAtKill.push(highestSeq(published.records, crashed));
      projector = await startProjectorProcess();
    }
    await writing;
    await published.until((records) => highestSeq(records, crashed) >= DECISIONS);
    await projector.kill('SIGTERM');
    await cleanPass;

    // Then every kill came mid-stream, the crashed schema holds each decision once,
    expect(seqAtKill).toHaveLength(KILLS);
    expect(seqAtKill.every((seq, i) => seq < DECISIONS && seq > (seqAtKill[i - 1] ?? 0))).toBe(true);
    const rows = await inSchema(
      db,
      crashed,
      async (tx) => (await tx.query('SELECT count(*) AS n FROM audit_log')).rows[0]?.n,
    );
    expect(Number(rows)).toBe(DECISIONS);
    // its projections equal the clean pass row for row,
    expect(await stateHash(db, crashed)).toBe(await stateHash(db, clean));
    // and its audit chain verifies against its checkpoints and every Kafka record
    const report = await verifyAuditTrail({
      db,
      schema: crashed,
      bus,
      codec,
      names,
      publicKey: loadVerifyingKey({ keyDir }),
    });
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, rows: DECISIONS, checkpoints: 100, published: 100 });
    await published.stop();
  }, 900_000);
});
