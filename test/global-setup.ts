// Starts Kafka, the schema registry and checks PostgreSQL for the integration tests, unless
// KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL already point at running ones. Stops only
// what it started.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const infra = (script: string) => fileURLToPath(new URL(`../infra/${script}`, import.meta.url));

const defaults = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
};

function servicesGiven(): boolean {
  return Boolean(process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL);
}

function running(): boolean {
  try {
    execFileSync('node', [infra('probe.mjs'), 'kafka', defaults.KAFKA_BROKERS], { stdio: 'ignore' });
    execFileSync('node', [infra('probe.mjs'), 'registry', defaults.SCHEMA_REGISTRY_URL], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  if (servicesGiven()) return undefined;
  for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
  if (running()) return undefined;
  execFileSync('bash', [infra('up.sh')], { stdio: 'inherit' });
  return () => execFileSync('bash', [infra('down.sh')], { stdio: 'inherit' });
}
