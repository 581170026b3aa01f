// Readiness probes used by infra/up.sh: exits 0 when the named service answers.
//   node probe.mjs kafka HOST:PORT | registry URL | postgres DATABASE_URL [CREATE_DATABASE]
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';

const [kind, target, extraDatabase] = process.argv.slice(2);

async function probeKafka(brokers) {
  const admin = new Kafka({
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

async function probeRegistry(url) {
  const response = await fetch(`${url}/subjects`);
  if (!response.ok) throw new Error(`registry answered ${response.status}`);
}

// Checks PostgreSQL and creates the registry's database if it is missing.
async function probePostgres(url, database) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select 1');
    if (database) {
      const found = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '')}"`);
    }
  } finally {
    await client.end();
  }
}

const probes = { kafka: probeKafka, registry: probeRegistry, postgres: probePostgres };
const probe = probes[kind];
if (!probe) {
  console.error(`unknown probe "${kind}"`);
  process.exit(2);
}
probe(target, extraDatabase).then(
  () => process.exit(0),
  (error) => {
    if (process.env.PROBE_VERBOSE) console.error(error);
    process.exit(1);
  },
);
