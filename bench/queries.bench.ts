// npm run bench:queries — every query behind the API and the dashboard, timed over a projector
// schema holding BENCH_DECISIONS decisions (1,000,000 by default) of realistic workflows: median
// and p99 of BENCH_RUNS runs per route (each on another stored workflow), and the longest the
// Node event loop stood still during the route's runs. The schema is migrated as in production,
// filled in bulk (bench/queries/fill.ts), vacuumed and analysed as autovacuum would, and dropped
// at the end. BENCH_SCHEMA=<name> keeps the schema instead, and a later run with the same name
// migrates it (as an installation upgrading) and times the routes without filling it again.
// Needs the schema registry (for the envelopes the API reads tenants from) and DATABASE_URL.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import {
  inSchema,
  migrate,
  pgDb,
  policyVerdictsProjection,
  quoteSchema,
  type Db,
} from '../projector/index.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import { transactionPosted } from '../test/support/envelopes.ts';
import { postedFields, systemActor } from '../test/support/proposals.ts';
import { fillSchema } from './queries/fill.ts';
import { ROUTES, type Route, type RouteContext } from './queries/routes.ts';
import { TENANTS, type Tenant } from './queries/workload.ts';
import { format, median, percentile, registryUrl } from './support.ts';

const decisions = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A route this slow is run only a few times: enough to see it, not to wait for it. */
const SLOW_MS = 2_000;

async function tenantEnvelopes(codec: Codec): Promise<Map<Tenant, Buffer>> {
  const envelopes = new Map<Tenant, Buffer>();
  for (const tenantId of TENANTS) {
    const fields = postedFields({ actor: { ...systemActor, tenantId } });
    const envelope = await sealEnvelope(codec, fields, transactionPosted());
    envelopes.set(tenantId, await encodeEnvelope(codec, envelope));
  }
  return envelopes;
}

async function sampleWorkflows(db: Db, schema: string, count: number): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT correlation_id FROM ${quoteSchema(schema)}.workflows TABLESAMPLE SYSTEM (1) LIMIT $1`,
    [count],
  );
  return rows.map((row) => String(row.correlation_id));
}

interface Timing {
  readonly times: number[];
  readonly stallMs: number;
}

async function timeRoute(route: Route, ctx: RouteContext, ids: readonly string[]): Promise<Timing> {
  await route.run(ctx, ids[0]!);
  const times: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  for (let run = 0; run < runs; run += 1) {
    const began = performance.now();
    await route.run(ctx, ids[(run + 1) % ids.length]!);
    times.push(performance.now() - began);
    if (run >= 2 && median(times) > SLOW_MS) break;
  }
  loop.disable();
  return { times, stallMs: loop.max / 1e6 };
}

// The fill's garbage is collected before timing, so its collection is not charged to a route.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const seconds = (began: number) => ((performance.now() - began) / 1000).toFixed(1);

async function isFilled(db: Db, schema: string): Promise<boolean> {
  const { rows } = await db.query('SELECT to_regclass($1) AS t', [`${quoteSchema(schema)}.audit_log`]);
  return Boolean(rows[0]?.t);
}

/** A schema kept from an earlier run: brought up to date as an installation would be. */
async function migrateTimed(db: Db, schema: string): Promise<void> {
  const began = performance.now();
  const { applied } = await migrate(db, schema);
  await db.exec(`ANALYZE ${quoteSchema(schema)}.workflows`);
  console.log(
    `bench:queries — kept schema ${schema}; migrations [${applied.join(', ')}] applied in ${seconds(began)} s`,
  );
}

async function fillTimed(db: Db, schema: string, envelopes: Map<Tenant, Buffer>): Promise<void> {
  await migrate(db, schema);
  const began = performance.now();
  const filled = await fillSchema(
    db,
    schema,
    decisions,
    (tenant) => envelopes.get(tenant)!,
    (written) => {
      if (written % 100_000 < 4_000) process.stdout.write(`  filled ${format(written)}\r`);
    },
  );
  const filledS = seconds(began);
  // The verdict counts, as the migration that introduced them counts what is already stored.
  const backfill = performance.now();
  await inSchema(db, schema, (tx) => tx.exec(policyVerdictsProjection.backfill));
  const backfillS = seconds(backfill);
  const name = quoteSchema(schema);
  await db.exec(
    `VACUUM ANALYZE ${name}.audit_log, ${name}.workflows, ${name}.workflow_snapshots, ${name}.incidents`,
  );
  const size = await db.query(
    'SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_class c WHERE c.relnamespace = $1::regnamespace',
    [schema],
  );
  console.log(
    `bench:queries — ${format(filled.decisions)} decisions, ${format(filled.workflows)} workflows ` +
      `(filled in ${filledS} s, ${String(size.rows[0]?.size)}; verdict counts recounted from the audit log in ${backfillS} s)`,
  );
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`.padStart(10);

async function main(): Promise<void> {
  const db = pgDb(new pg.Pool({ connectionString: databaseUrl, max: 4 }));
  const codec = Codec.connect(registryUrl);
  await codec.registerAll();
  const envelopes = await tenantEnvelopes(codec);
  const kept = process.env.BENCH_SCHEMA;
  const schema = kept ?? `bench_queries_${randomUUID().slice(0, 8)}`;
  try {
    if (kept && (await isFilled(db, kept))) await migrateTimed(db, kept);
    else await fillTimed(db, schema, envelopes);
    collectGarbage();
    const ctx = { db, schema, codec };
    const ids = await sampleWorkflows(db, schema, runs + 1);
    console.log(`${runs} runs per route, each on another stored workflow`);
    console.log(
      `${'route'.padEnd(46)}${'median'.padStart(10)}${'p99'.padStart(10)}${'loop stall'.padStart(12)}  runs`,
    );
    for (const route of ROUTES) {
      const { times, stallMs } = await timeRoute(route, ctx, ids);
      console.log(
        `${route.name.padEnd(46)}${ms(median(times))}${ms(percentile(times, 99))}  ${ms(stallMs)}  ${times.length}`,
      );
    }
  } finally {
    if (!kept) await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db.close();
  }
}

await main();
