import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getWorkflow, inSchema, quoteSchema } from '../projector/index.ts';
import { AUDIT_COLUMNS, auditRowFromRow } from '../projector/audit/audit-row.ts';
import { linkHash } from '../projector/audit/chain.ts';
import { loadSigningKey } from '../projector/signing-key.ts';
import { freshSchema } from '../projector/testing/database.ts';
import {
  decisionsInstallation,
  syntheticDecisions,
  writeDecisions,
  type Installation,
} from '../projector/testing/installation.ts';
import { projectAll } from '../projector/testing/projecting.ts';
import { runCli } from './support/cli.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { projectorServices } from './support/projector-services.ts';
import { services } from './support/services.ts';

const { db, bus, codec } = projectorServices();
const keyDir = initializedKeyDir();
const signing = loadSigningKey({ keyDir });
const DECISIONS = 350;

afterAll(async () => {
  rmSync(keyDir, { recursive: true, force: true });
});

/** Live state projected from real topics: 350 decisions, a signed checkpoint every 50 rows. */
async function projectedInstallation(): Promise<{
  installation: Installation;
  schema: string;
  env: Record<string, string>;
}> {
  const installation = await decisionsInstallation(bus);
  const schema = await freshSchema(db);
  await writeDecisions(bus, codec, installation.names.decisions, syntheticDecisions(DECISIONS));
  await projectAll(
    {
      bus,
      codec,
      names: installation.names,
      db,
      schema,
      checkpointKey: signing.privateKey,
      checkpointEvery: 50,
    },
    DECISIONS,
  );
  const env = {
    KAFKA_BROKERS: services.brokers.join(','),
    SCHEMA_REGISTRY_URL: services.registryUrl,
    DATABASE_URL: services.databaseUrl,
    SWARMGATE_TOPIC_PREFIX: installation.prefix,
    SWARMGATE_PROJECTOR_SCHEMA: schema,
    SWARMGATE_KEY_DIR: keyDir,
  };
  return { installation, schema, env };
}

/** What a superuser can do that the application role cannot: change audit rows behind the trigger. */
async function asSuperuser(schema: string, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL search_path TO ${quoteSchema(schema)}`);
    await tx.exec(
      'ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER',
    );
    await tx.query(sql, params);
    await tx.exec(
      'ALTER TABLE audit_log ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER',
    );
  });
}

/**
 * What an attacker holding the owner role (not the checkpoint key) can do: edit one row behind
 * the trigger and recompute every hash after it, so the chain links up again.
 */
async function rewriteAndRehash(schema: string, seq: number): Promise<void> {
  const rows = await inSchema(db, schema, async (tx) =>
    (await tx.query(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`)).rows.map(auditRowFromRow),
  );
  let prevHash = rows[0]!.prevHash;
  const updates: [number, string, string, string][] = [];
  for (const row of rows) {
    const canonical =
      row.seq === seq
        ? row.canonical.replace('"gateInstance":"gate-0"', '"gateInstance":"gate-9"')
        : row.canonical;
    const hash = linkHash(prevHash, { seq: row.seq, coordinates: row.coordinates, canonical });
    updates.push([row.seq, canonical, prevHash, hash]);
    prevHash = hash;
  }
  await asSuperuser(
    schema,
    `UPDATE audit_log SET canonical = u.canonical, prev_hash = u.prev_hash, hash = u.hash
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(seq, canonical, prev_hash, hash)
     WHERE audit_log.seq = u.seq`,
    [0, 1, 2, 3].map((column) => updates.map((update) => update[column])),
  );
}

async function decisionIdAt(schema: string, seq: number): Promise<string> {
  return inSchema(db, schema, async (tx) => {
    const { rows } = await tx.query('SELECT decision_id FROM audit_log WHERE seq = $1', [seq]);
    return String(rows[0]?.decision_id);
  });
}

describe('swarmgate audit verify', () => {
  it('passes an intact log, and pinpoints the one row a superuser edited', async () => {
    // Given a projected log that verifies, and an application role that cannot touch it
    const { schema, env } = await projectedInstallation();
    const intact = await runCli(['audit', 'verify'], env);
    const update = inSchema(
      db,
      schema,
      (tx) => tx.query("UPDATE audit_log SET canonical = '{}' WHERE seq = 1"),
      {
        asAppRole: true,
      },
    );
    await expect(update).rejects.toThrow(/permission denied/);

    // When a superuser disables the trigger and changes which gate instance decided row 123
    await asSuperuser(
      schema,
      `UPDATE audit_log SET canonical = replace(canonical, '"gateInstance":"gate-0"', '"gateInstance":"gate-9"') WHERE seq = 123`,
    );
    const tampered = await runCli(['audit', 'verify'], env);

    // Then the intact log passed, and the edit is named by seq and decision id, with exit code 1
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(
      new RegExp(
        `audit ok: ${DECISIONS} rows, 7 stored and 7 published checkpoints, each row against its Kafka record`,
      ),
    );
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(
      `first tampered row: seq 123 (decision ${await decisionIdAt(schema, 123)}): hash-mismatch`,
    );
    expect(tampered.stdout).toMatch(/then seq 123 .*record-differs/);
  });

  it('reports decisions whose Kafka records are gone', async () => {
    // Given a projected log, and partition 1 of the decisions topic cut below offset 30, as a
    // retention setting of days instead of forever would do
    const { installation, schema, env } = await projectedInstallation();
    const admin = bus.kafka.admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [installation.names.decisions] });
    await admin.deleteTopicRecords({
      topic: installation.names.decisions,
      partitions: [{ partition: 1, offset: '30' }],
    });
    await admin.disconnect();
    const firstGone = await inSchema(db, schema, async (tx) => {
      const { rows } = await tx.query(
        'SELECT min(seq) AS seq, count(*) AS n FROM audit_log WHERE partition = 1 AND kafka_offset < 30',
      );
      return { seq: Number(rows[0]?.seq), count: Number(rows[0]?.n) };
    });

    // When the log is verified
    const run = await runCli(['audit', 'verify', '--json'], env);

    // Then each of the 30 rows is reported missing from Kafka, the first by its seq
    const report = JSON.parse(run.stdout) as { ok: boolean; failures: { seq: number; kind: string }[] };
    expect(run.code).toBe(1);
    expect(firstGone.count).toBe(30);
    expect(report.ok).toBe(false);
    expect(report.failures).toHaveLength(30);
    expect(report.failures.every((failure) => failure.kind === 'record-missing')).toBe(true);
    expect(report.failures[0]?.seq).toBe(firstGone.seq);
  });

  it('reports a decision committed on Kafka that the projector passed over', async () => {
    // Given a projected log, then one more decision on the topic, and the projector's stored
    // position moved past it without its row, as a projector that skipped records would leave it
    const { installation, schema, env } = await projectedInstallation();
    const [passedOver] = syntheticDecisions(1, 'passed-over-');
    await writeDecisions(bus, codec, installation.names.decisions, [passedOver!]);
    const ends = await bus.endOffsets(installation.names.decisions);
    for (const { partition, offset } of ends)
      await asSuperuser(
        schema,
        'UPDATE projector_offsets SET next_offset = $1 WHERE topic = $2 AND partition = $3',
        [offset, installation.names.decisions, partition],
      );

    // When the log is verified
    const run = await runCli(['audit', 'verify'], env);

    // Then the chain itself is intact, and the decision is named as having no row
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `first tampered row: no row (decision ${passedOver!.decisionId}): decision-unaudited`,
    );
  });

  it('catches a chain cut back behind a published checkpoint, which the database alone cannot show', async () => {
    // Given a projected log whose last 60 rows and their checkpoints a superuser deleted: what is
    // left is a consistent chain, and its stored checkpoints still verify
    const { schema, env } = await projectedInstallation();
    await asSuperuser(schema, 'DELETE FROM audit_log WHERE seq > $1', [DECISIONS - 60]);
    await asSuperuser(schema, 'DELETE FROM audit_checkpoints WHERE seq > $1', [DECISIONS - 60]);

    // When the log is verified (without reading every record again)
    const run = await runCli(['audit', 'verify', '--skip-records'], env);

    // Then the checkpoint published at seq 300 names the cut
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('first tampered row: seq 300: checkpoint-orphaned');
  });
});

describe('swarmgate audit verify on a re-hashed chain', () => {
  it('fails with Kafka and without it, naming the first signed checkpoint that no longer matches', async () => {
    // Given a projected log in which row 123 was edited and every hash recomputed
    const { schema, env } = await projectedInstallation();
    await rewriteAndRehash(schema, 123);

    // When it is verified from the database alone, and with Kafka
    const offline = await runCli(['audit', 'verify', '--offline'], env);
    const online = await runCli(['audit', 'verify'], env);

    // Then the chain links up, but the checkpoint signed at seq 150 no longer matches its row,
    expect(offline.code).toBe(1);
    expect(offline.stdout).toContain(
      `${DECISIONS} rows, 7 signed checkpoints in the database, Kafka not consulted`,
    );
    expect(offline.stdout).toMatch(
      new RegExp(
        `first tampered row: seq 150 \\(decision ${await decisionIdAt(schema, 150)}\\): checkpoint-mismatch: row 150 no longer has the hash signed at`,
      ),
    );
    // and Kafka's record shows the edited row itself
    expect(online.code).toBe(1);
    expect(online.stdout).toContain(
      `first tampered row: seq 123 (decision ${await decisionIdAt(schema, 123)}): record-differs`,
    );
  });

  it('fails offline when the checkpoints were deleted with the rewrite: no row is left without a signed one for long', async () => {
    // Given a re-hashed chain whose stored checkpoints were deleted too (none can be re-signed)
    const { schema, env } = await projectedInstallation();
    await rewriteAndRehash(schema, 123);
    await asSuperuser(schema, 'DELETE FROM audit_checkpoints');

    // When it is verified from the database alone, held to the interval the projector signed at
    const run = await runCli(['audit', 'verify', '--offline', '--json'], {
      ...env,
      SWARMGATE_CHECKPOINT_EVERY: '50',
    });

    // Then the stretch without any valid checkpoint is named
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      firstFailure: { seq: number; kind: string; reason: string };
    };
    expect(run.code).toBe(1);
    expect(report.firstFailure).toEqual({
      seq: 1,
      decisionId: null,
      kind: 'checkpoint-missing',
      reason: `no valid signed checkpoint for rows 1..${DECISIONS} (one is signed at least every 50 rows)`,
    });
  });
});

describe('swarmgate status and audit export', () => {
  it('show a workflow and export its case file with proofs', async () => {
    // Given a projected installation
    const { schema, env } = await projectedInstallation();
    const out = join(keyDir, 'case-workflow-3.json');

    // When an operator asks for a workflow's status and exports its case file, and asks about an unknown one
    const [status, human, exported, unknown] = await Promise.all([
      runCli(['status', 'workflow-3', '--json'], env),
      runCli(['status', 'workflow-3'], env),
      runCli(['audit', 'export', 'workflow-3', '--out', out], env),
      runCli(['status', 'no-such-workflow'], env),
    ]);

    // Then the status is the projection's, the case file holds every decision proven to a checkpoint,
    expect(JSON.parse(status.stdout)).toMatchObject({
      workflow: await getWorkflow(db, schema, 'workflow-3'),
      lastSnapshot: { version: 8, decisionId: 'decision-3-7' },
    });
    expect(human.stdout).toMatch(/status\s+completed · step response\.CustomerAnswered/);
    const caseFile = JSON.parse(readFileSync(out, 'utf8')) as { entries: { checkpointSeq: number | null }[] };
    expect(exported.code).toBe(0);
    expect(caseFile.entries).toHaveLength(8);
    expect(caseFile.entries.every((entry) => entry.checkpointSeq !== null)).toBe(true);
    // and an unknown workflow is a clear error, not a stack trace
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(`error: no workflow no-such-workflow in schema ${schema}`);
  });
});
