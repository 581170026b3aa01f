// npm run bench:projector — on one filled decisions topic and one PostgreSQL: decisions/s the
// projector applies with every projection and the audit chain on (Kafka → applyBatch, one
// transaction per batch, checkpoints signed), the replay rebuild rate into a shadow schema, and
// a baseline of the same rows as one plain multi-row INSERT per Kafka batch (no projections, no
// chain). Medians of BENCH_RUNS runs, and the ratios. Needs `npm run infra:up` and DATABASE_URL.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createKafka } from '../bus/kafka/config.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import type { ConsumedRecord } from '../bus/port.ts';
import { topicNames } from '../bus/topics.ts';
import { canonicalDecision } from '../projector/audit/canonical-decision.ts';
import { projectAll } from '../projector/testing/projecting.ts';
import { syntheticDecisions, writeDecisions } from '../projector/testing/installation.ts';
import { migrate, pgDb, quoteSchema, type Db } from '../projector/index.ts';
import { rebuildShadow } from '../projector/replay.ts';
import { Codec } from '../schemas/codec.ts';
import { brokers, format, median, registryUrl } from './support.ts';

const decisions = Number(process.env.BENCH_DECISIONS ?? 10_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const partitions = 3;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const bus = new KafkaBus({ brokers, clientId: 'bench-projector' });
const codec = Codec.connect(registryUrl);
const db: Db = pgDb(new pg.Pool({ connectionString: databaseUrl, max: 4 }));
const schemas: string[] = [];
const { privateKey } = generateKeyPairSync('ed25519');

const seconds = (began: number) => (performance.now() - began) / 1000;
const freshSchemaName = () => {
  const schema = `bench_projector_${randomUUID().slice(0, 8)}`;
  schemas.push(schema);
  return schema;
};

/** Kafka → startProjector → applyBatch with every projection, the chain and signed checkpoints. */
async function appliedWithChain(names: ReturnType<typeof topicNames>): Promise<number> {
  const schema = freshSchemaName();
  await migrate(db, schema);
  const began = performance.now();
  await projectAll(
    { bus, codec, names, db, schema, checkpointKey: privateKey, checkpointEvery: 1000 },
    decisions,
  );
  return decisions / seconds(began);
}

async function replayRebuild(topic: string): Promise<number> {
  const rebuild = await rebuildShadow({
    bus,
    codec,
    topic,
    db,
    shadowSchema: freshSchemaName(),
    from: { offset: '0' },
  });
  return rebuild.read / (rebuild.elapsedMs / 1000);
}

const PLAIN_TABLE = `CREATE TABLE decisions_plain (
  decision_id text PRIMARY KEY, correlation_id text NOT NULL, topic text NOT NULL, partition integer NOT NULL,
  kafka_offset bigint NOT NULL, decided_at timestamptz NOT NULL, canonical text NOT NULL)`;

/** The same consumption path, and per Kafka batch one multi-row INSERT into a plain table. */
async function plainInsertBaseline(topic: string): Promise<number> {
  const schema = freshSchemaName();
  await db.exec(
    `CREATE SCHEMA ${quoteSchema(schema)}; SET search_path TO ${quoteSchema(schema)}; ${PLAIN_TABLE}`,
  );
  let inserted = 0;
  let reached: () => void = () => {};
  const done = new Promise<void>((resolve) => (reached = resolve));
  const insertBatch = async (records: readonly ConsumedRecord[]) => {
    const rows = await Promise.all(
      records.map(async (record) => {
        const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
        const when = new Date(decision.decidedAt).toISOString();
        return [
          decision.decisionId,
          decision.correlationId,
          record.topic,
          record.partition,
          record.offset,
          when,
          canonicalDecision(decision),
        ];
      }),
    );
    const values = rows.map(
      (_, row) => `(${Array.from({ length: 7 }, (__, col) => `$${row * 7 + col + 1}`).join(', ')})`,
    );
    await db.query(
      `INSERT INTO ${quoteSchema(schema)}.decisions_plain VALUES ${values.join(', ')}`,
      rows.flat(),
    );
    inserted += rows.length;
    if (inserted >= decisions) reached();
  };
  const began = performance.now();
  const subscription = bus.consume({
    groupId: `bench-plain-${randomUUID()}`,
    topics: [topic],
    commit: 'after-handle',
    handle: (batch) => insertBatch(batch.records),
  });
  await done;
  const rate = decisions / seconds(began);
  await subscription.stop();
  return rate;
}

async function main(): Promise<void> {
  await codec.registerAll();
  const names = topicNames(`bench-projector-${randomUUID().slice(0, 8)}.`);
  await bus.createTopics([
    { topic: names.decisions, partitions },
    { topic: names.dlq, partitions: 1 },
  ]);
  await writeDecisions(bus, codec, names.decisions, syntheticDecisions(decisions), 1000);
  const version =
    ((await db.query('SHOW server_version')).rows[0]?.server_version as string | undefined) ?? '?';
  console.log(
    `bench:projector — ${format(decisions)} decisions on ${partitions} partitions, PostgreSQL ${version}, ${runs} runs`,
  );

  const results = { chain: [] as number[], replay: [] as number[], plain: [] as number[] };
  for (let run = 1; run <= runs; run += 1) {
    results.chain.push(await appliedWithChain(names));
    results.replay.push(await replayRebuild(names.decisions));
    results.plain.push(await plainInsertBaseline(names.decisions));
    console.log(
      `  run ${run}: chain ${format(results.chain.at(-1)!)}/s · replay ${format(results.replay.at(-1)!)}/s · plain INSERT ${format(results.plain.at(-1)!)}/s`,
    );
  }
  const [chain, replay, plain] = [median(results.chain), median(results.replay), median(results.plain)];
  console.log(`median decisions/s applied with the audit chain on (Kafka → applyBatch): ${format(chain)}`);
  console.log(`median replay rebuild rate into a shadow schema:                      ${format(replay)}`);
  console.log(`median plain batched INSERT baseline (rows/s, no projections, no chain): ${format(plain)}`);
  console.log(
    `ratios: chain/baseline ${(chain / plain).toFixed(3)} · replay/baseline ${(replay / plain).toFixed(3)} · replay/chain ${(replay / chain).toFixed(2)}`,
  );
  await cleanUp(names.decisions.replace(/sg\.decisions$/, ''));
}

async function cleanUp(prefix: string): Promise<void> {
  await bus.close();
  for (const schema of schemas) await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  await db.close();
  const admin = createKafka({ brokers, clientId: 'bench-projector-cleanup' }).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  await admin.deleteTopics({ topics });
  await admin.disconnect();
}

await main();
