import { describe, expect, it, onTestFinished } from 'vitest';
import { quoteSchema, stateHash } from '../projector/index.ts';
import { replayAndCompare } from '../projector/replay.ts';
import { freshSchema, uniqueSchemaName } from '../projector/testing/database.ts';
import {
  decisionsInstallation,
  syntheticDecisions,
  writeDecisions,
} from '../projector/testing/installation.ts';
import { projectAll } from '../projector/testing/projecting.ts';
import { runCli } from './support/cli.ts';
import { projectorServices } from './support/projector-services.ts';
import { services } from './support/services.ts';

const { db, bus, codec } = projectorServices();

/** A schema name for a shadow the replay creates, dropped after the test. */
function shadowName(): string {
  const schema = uniqueSchemaName();
  onTestFinished(async () => {
    await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  });
  return schema;
}

describe('swarmgate replay', () => {
  it('rebuilds the whole decisions topic into a shadow with the live state hash, and names a divergence', async () => {
    // Given live state projected from 1,400 decisions and one record that is not a decision
    const { names, prefix } = await decisionsInstallation(bus);
    const live = await freshSchema(db);
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(1400));
    await bus.send([{ topic: names.decisions, key: 'workflow-9', value: Buffer.from('garbage') }]);
    await projectAll({ bus, codec, names, db, schema: live }, 1401); // the bad record is audited too
    const env = {
      KAFKA_BROKERS: services.brokers.join(','),
      SCHEMA_REGISTRY_URL: services.registryUrl,
      DATABASE_URL: services.databaseUrl,
      SWARMGATE_TOPIC_PREFIX: prefix,
      SWARMGATE_PROJECTOR_SCHEMA: live,
    };
    const [first, second] = [shadowName(), shadowName()];

    // When the topic is replayed from the beginning, and again after live state was altered
    const identical = await runCli(['replay', '--from', 'earliest', '--schema', first, '--json'], env);
    await db.exec(
      `UPDATE ${quoteSchema(live)}.workflows SET status = 'failed' WHERE correlation_id = 'workflow-5'`,
    );
    const divergent = await runCli(['replay', '--from', '0', '--schema', second], env);

    // Then the first replay reproduces the live state hash exactly (exit 0), skipping the bad record,
    const report = JSON.parse(identical.stdout) as {
      read: number;
      undecodable: number;
      comparison: { identical: boolean; live: string; shadow: string };
    };
    expect(identical.code).toBe(0);
    expect(report).toMatchObject({ read: 1401, undecodable: 1, comparison: { identical: true } });
    expect(report.comparison.shadow).toBe(await stateHash(db, first));
    expect(await stateHash(db, first)).toBe(report.comparison.live);
    // and the second names the altered row by table and key, column by column (exit 1)
    expect(divergent.code).toBe(1);
    expect(divergent.stdout).toContain('first divergence: table workflows, key correlation_id=workflow-5');
    expect(divergent.stdout).toMatch(/status\s+"failed" → "completed"/);
  });

  it('replays one workflow from a moment and compares only its rows', async () => {
    // Given live state from decisions written before and after a moment
    const { names } = await decisionsInstallation(bus);
    const live = await freshSchema(db);
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(700, 'early-'));
    const moment = Date.now() + 1;
    while (Date.now() < moment); // every later record is stamped after the moment
    await writeDecisions(bus, codec, names.decisions, syntheticDecisions(70, 'late-'));
    await projectAll({ bus, codec, names, db, schema: live }, 770);

    // When one late workflow is replayed from that moment
    const report = await replayAndCompare({
      bus,
      codec,
      db,
      topic: names.decisions,
      liveSchema: live,
      shadowSchema: shadowName(),
      from: { timestamp: moment },
      workflow: 'late-workflow-2',
    });

    // Then only records after the moment were read, and the workflow's rows match live
    expect(report.read).toBe(70);
    expect(report.applied).toBe(8);
    expect(report.comparison.identical).toBe(true);
  });

  it('refuses a start it cannot read, clearly', async () => {
    // Given an operator's typo
    // When replay is asked to start "yesterday"
    const run = await runCli(['replay', '--from', 'yesterday'], { DATABASE_URL: services.databaseUrl });

    // Then it says what --from takes, with exit code 2
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --from takes an offset/);
  });
});
