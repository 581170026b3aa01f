// Readiness probes used by infra/up.sh: exits 0 when the named service answers.
//   node probe.mjs kafka HOST:PORT [CREDENTIALS_FILE] | registry URL
//                | postgres DATABASE_URL [CREATE_DATABASE]
// The kafka probe logs in as admin from CREDENTIALS_FILE (infra/kafka.sh writes it), else with
// KAFKA_SASL_MECHANISM/USERNAME/PASSWORD when set.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';

const [kind, target, extra] = process.argv.slice(2);

function sasl(credentialsFile) {
  if (credentialsFile) {
    const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    return { mechanism: credentials.mechanism, username: 'admin', password: credentials.users.admin };
  }
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = process.env;
  return mechanism ? { mechanism, username, password } : undefined;
}

async function probeKafka(brokers, credentialsFile) {
  const admin = new Kafka({
    brokers: brokers.split(','),
    sasl: sasl(credentialsFile),
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
probe(target, extra).then(
  () => process.exit(0),
  (error) => {
    if (process.env.PROBE_VERBOSE) console.error(error);
    process.exit(1);
  },
);
