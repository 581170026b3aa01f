// Projector processes on one schema as `swarmgate projector` runs them: one active, the others
// standing by. The active one is SIGKILLed, then SIGSTOPped, then loses its lock connection, each
// time while decisions flow; a standby takes over each time. The data says the rest: every
// decision audited once in one unbroken chain, and the rows each live instance says it appended
// are exactly those of its own terms, so no two instances ever applied at once.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { inSchema, stateHash } from '../projector/index.ts';
import { databaseUrlAs, freshSchema } from '../projector/testing/database.ts';
import {
  decisionsInstallation,
  syntheticDecisions,
  writeDecisions,
} from '../projector/testing/installation.ts';
import { projectAll } from '../projector/testing/projecting.ts';
import { dbRoles } from '../projector/store/roles.ts';
import type { Child } from './support/child.ts';
import { runCli, startCli } from './support/cli.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { projectorServices } from './support/projector-services.ts';
import { services } from './support/services.ts';

const LEASE_MS = 2_000;
const CHUNK = 80; // ten workflows of eight decisions (BANKING_FLOW)
const BACKLOG = 350; // decisions the writer lets pile up ahead of the chain

const { db, bus, codec } = projectorServices();
const keyDir = initializedKeyDir();
const children: Child[] = [];

afterAll(async () => {
  for (const child of children) child.process.kill('SIGCONT');
  await Promise.all(children.map((child) => child.kill('SIGKILL')));
  rmSync(keyDir, { recursive: true, force: true });
});

interface Instance {
  readonly name: string;
  readonly child: Child;
  readonly ready: Record<string, unknown>;
  readonly health: string;
  /** Whether the test means it to exit: any other exit fails the waits. */
  expectExit: boolean;
}

interface Status {
  readonly role: string;
  readonly auditRows: number;
}

const statusOf = async (instance: Instance): Promise<Status> =>
  (await (await fetch(`${instance.health}/healthz`)).json()) as Status;

const activeMetric = async (instance: Instance): Promise<number> => {
  const text = await (await fetch(`${instance.health}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('swarmgate_projector_active{'));
  return Number(line?.split(' ').at(-1));
};

const lineOf = async (instance: Instance, pattern: RegExp): Promise<Record<string, unknown>> =>
  JSON.parse(await instance.child.waitForLine(pattern)) as Record<string, unknown>;

const activeTerm = (term: number) => new RegExp(`"event":"projector\\.active".*"term":${term}[,}]`);

describe('projector instances on one schema', () => {
  it('hand the active role over on SIGKILL, SIGSTOP and a lost lock connection; each decision is audited once', async () => {
    // Given the shipped roles (migrations as the owner, the projectors as the application role)
    const { names, prefix } = await decisionsInstallation(bus);
    const [schema, clean] = [await freshSchema(db), await freshSchema(db)];
    const env = {
      KAFKA_BROKERS: services.brokers.join(','),
      SCHEMA_REGISTRY_URL: services.registryUrl,
      DATABASE_MIGRATION_URL: services.databaseUrl,
      DATABASE_URL: databaseUrlAs(dbRoles().app),
      SWARMGATE_TOPIC_PREFIX: prefix,
      SWARMGATE_PROJECTOR_SCHEMA: schema,
      SWARMGATE_KEY_DIR: keyDir,
      SWARMGATE_CHECKPOINT_EVERY: '100',
      SWARMGATE_PROJECTOR_LEASE_MS: String(LEASE_MS),
    };
    let unexpected: (error: Error) => void = () => {};
    const exitedEarly = new Promise<never>((_, reject) => (unexpected = reject));
    exitedEarly.catch(() => undefined);
    const start = async (name: string): Promise<Instance> => {
      const child = startCli(['projector', '--port', '0'], { ...env, SWARMGATE_INSTANCE: name });
      children.push(child);
      const ready = JSON.parse(await child.waitForLine(/"event":"projector\.ready"/)) as Record<
        string,
        unknown
      >;
      const instance: Instance = { name, child, ready, health: String(ready.health), expectExit: false };
      child.process.once('exit', (code, signal) => {
        if (!instance.expectExit) unexpected(new Error(`projector ${name} exited (${code ?? signal})`));
      });
      return instance;
    };
    const auditRows = async () =>
      Number(
        await inSchema(
          db,
          schema,
          async (tx) => (await tx.query('SELECT count(*) AS n FROM audit_log')).rows[0]?.n,
        ),
      );
    // Waits for a condition of the database, failing as soon as a projector exits unasked.
    const until = async (condition: () => Promise<boolean>): Promise<void> => {
      const poll = async () => {
        while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 25));
      };
      await Promise.race([poll(), exitedEarly]);
    };
    const waitLine = (instance: Instance, pattern: RegExp) =>
      Promise.race([lineOf(instance, pattern), exitedEarly]);
    // Waits for `pattern` from `instance`, failing at once when `rival` prints `instead` first.
    const firstOf = (instance: Instance, pattern: RegExp, rival: Instance, instead: RegExp) =>
      Promise.race([
        waitLine(instance, pattern),
        lineOf(rival, instead).then((line) => {
          throw new Error(`projector ${rival.name}, not ${instance.name}, printed ${JSON.stringify(line)}`);
        }),
      ]);
    const since = (t0: number) => `${Date.now() - t0} ms`;

    const a = await start('a');
    const b = await start('b');
    expect(a.ready).toMatchObject({ role: 'active', instance: 'a', fromSeq: 0 });
    expect(b.ready).toMatchObject({ role: 'standby', instance: 'b' });

    // and decisions flowing, the writer keeping a backlog ahead of whichever instance applies
    let written = 0;
    let writing = true;
    const writer = (async () => {
      for (let chunk = 0; writing; chunk += 1) {
        await writeDecisions(bus, codec, names.decisions, syntheticDecisions(CHUNK, `c${chunk}-`), CHUNK);
        written += CHUNK;
        await until(async () => (await auditRows()) >= written - BACKLOG);
      }
    })();
    writer.catch(() => undefined); // awaited below; a projector's early exit fails it meanwhile
    const progressed = async (by: number) => {
      const from = await auditRows();
      await until(async () => (await auditRows()) >= from + by);
    };
    await progressed(300);

    // the standby applies nothing and says so
    expect(await statusOf(b)).toMatchObject({ role: 'standby', auditRows: 0 });
    expect(await activeMetric(b)).toBe(0);
    expect(await statusOf(a)).toMatchObject({ role: 'active' });
    expect(await activeMetric(a)).toBe(1);

    // When the active one is SIGKILLed, the standby takes over
    const killedAt = Date.now();
    a.expectExit = true;
    await a.child.kill('SIGKILL');
    const rowsAtKill = await auditRows();
    await waitLine(b, activeTerm(1));
    const bActiveAfter = since(killedAt);
    await until(async () => (await auditRows()) > rowsAtKill);
    console.log(`SIGKILL: standby active after ${bActiveAfter}, applying after ${since(killedAt)}`);
    await progressed(300);

    // When the active one is stopped (SIGSTOP), the next standby takes over; resumed, it stands by
    const c = await start('c');
    expect(c.ready).toMatchObject({ role: 'standby' });
    const stoppedAt = Date.now();
    b.child.process.kill('SIGSTOP');
    const cFirst = await waitLine(c, activeTerm(1));
    console.log(`SIGSTOP: standby active after ${since(stoppedAt)} (lease ${LEASE_MS} ms)`);
    await progressed(300);
    b.child.process.kill('SIGCONT');
    await waitLine(b, /"event":"projector\.standby"/);
    expect(await statusOf(b)).toMatchObject({ role: 'standby' });
    // and once its last batch has failed its fence and its consumer has stopped, it steps down;
    // it lost the lock long ago, so it stands by without yielding any longer
    const bStepped = await waitLine(b, /"event":"projector\.stepped-down"/);
    console.log(`SIGCONT: the deposed active stepped down in ${String(bStepped.tookMs)} ms`);

    // When the active one's lock connection is terminated, it stops applying and the standby takes over
    // while the deposed one leaves it the lock (a rival taking it back would stall the wait: fail instead)
    const lostAt = Date.now();
    await db.query('SELECT pg_terminate_backend($1)', [cFirst.lockBackend]);
    await waitLine(c, /"event":"projector\.standby"/);
    const cStoodBy = since(lostAt);
    await firstOf(b, activeTerm(2), c, activeTerm(2));
    console.log(
      `lost lock connection: active stood by after ${cStoodBy}, standby active after ${since(lostAt)}`,
    );
    await progressed(300);
    writing = false;
    await writer;
    await until(async () => (await auditRows()) >= written);
    // each live instance appended exactly the rows of its own terms (a term runs from the chain
    // head at its takeover to the next term's), so no instance applied while another was active,
    const terms = [a, b, c]
      .flatMap((instance) =>
        instance.child.lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => line.event === 'projector.active' || line.role === 'active')
          .map((line) => ({ instance: instance.name, fromSeq: Number(line.fromSeq) })),
      )
      .sort((x, y) => x.fromSeq - y.fromSeq);
    expect(terms.map((term) => term.instance)).toEqual(['a', 'b', 'c', 'b']);
    const rowsOfTerms = (name: string) =>
      terms.reduce(
        (sum, term, i) =>
          term.instance === name ? sum + (terms[i + 1]?.fromSeq ?? written) - term.fromSeq : sum,
        0,
      );
    // an instance counts a batch once its commit has returned, a moment after its rows are visible
    await until(
      async () =>
        (await statusOf(b)).auditRows === rowsOfTerms('b') &&
        (await statusOf(c)).auditRows === rowsOfTerms('c'),
    );
    const [bStatus, cStatus] = [await statusOf(b), await statusOf(c)];
    b.expectExit = c.expectExit = true;
    await Promise.all([b.child.kill('SIGTERM'), c.child.kill('SIGTERM')]);
    await projectAll({ bus, codec, names, db, schema: clean }, written);

    // Then every decision is audited exactly once, in one gapless sequence,
    const [audit] = await inSchema(db, schema, async (tx) => {
      const result = await tx.query(
        `SELECT count(*) AS n, min(seq) AS low, max(seq) AS high, count(DISTINCT decision_id) AS decisions,
                count(DISTINCT (partition, kafka_offset)) AS records FROM audit_log`,
      );
      return result.rows;
    });
    expect(audit).toEqual({
      n: String(written),
      low: '1',
      high: String(written),
      decisions: String(written),
      records: String(written),
    });
    expect(terms.every((term, i) => i === 0 || term.fromSeq > terms[i - 1]!.fromSeq)).toBe(true);
    expect(bStatus.auditRows).toBe(rowsOfTerms('b'));
    expect(cStatus.auditRows).toBe(rowsOfTerms('c'));
    // the projections equal a clean single pass, and the chain verifies against Kafka and its checkpoints
    expect(await stateHash(db, schema)).toBe(await stateHash(db, clean));
    const verify = await runCli(['audit', 'verify', '--json'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, rows: written });
  }, 600_000);
});
