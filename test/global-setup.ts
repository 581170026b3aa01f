// Starts Kafka, the schema registry and checks PostgreSQL for the integration tests, unless
// KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL already point at running ones (then their
// KAFKA_SASL_* come from outside too). Tests log in to the local broker as its admin user by
// default. Stops only what it started.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { localCredentials, localCredentialsFile } from './support/kafka-credentials.ts';

const infra = (script: string) => fileURLToPath(new URL(`../infra/${script}`, import.meta.url));

const defaults = {
  KAFKA_BROKERS: `127.0.0.1:${process.env.SWARMGATE_KAFKA_PORT ?? '9092'}`,
  SCHEMA_REGISTRY_URL: `http://127.0.0.1:${process.env.SWARMGATE_REGISTRY_PORT ?? '8081'}/apis/ccompat/v7`,
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
};

function servicesGiven(): boolean {
  return Boolean(process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL);
}

function answers(...probe: string[]): boolean {
  try {
    execFileSync('node', [infra('probe.mjs'), ...probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function running(): boolean {
  const credentials = localCredentials() ? [localCredentialsFile()] : [];
  return (
    answers('kafka', defaults.KAFKA_BROKERS, ...credentials) &&
    answers('registry', defaults.SCHEMA_REGISTRY_URL)
  );
}

// Every client the tests create logs in through createKafka, which reads these.
function loginAsAdmin(): void {
  const credentials = localCredentials();
  if (!credentials?.users.admin || process.env.KAFKA_SASL_MECHANISM) return;
  process.env.KAFKA_SASL_MECHANISM = credentials.mechanism;
  process.env.KAFKA_SASL_USERNAME = 'admin';
  process.env.KAFKA_SASL_PASSWORD = credentials.users.admin;
}

export default function setup(): (() => void) | undefined {
  if (servicesGiven()) return undefined;
  for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
  if (running()) {
    loginAsAdmin();
    return undefined;
  }
  // stdout carries the settings as export lines (with the admin password); they are read below.
  execFileSync('bash', [infra('up.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  loginAsAdmin();
  return () => execFileSync('bash', [infra('down.sh')], { stdio: 'inherit' });
}
