import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurityFromEnv } from '../bus/kafka/security.ts';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';

export const uniqueTopic = (name: string) => `bench-${name}-${randomUUID().slice(0, 8)}`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const format = (n: number) => Math.round(n).toLocaleString('en-US');

/** The Kafka jars infra/up.sh fetched, for Kafka's own tools. */
export function kafkaClasspath(): string {
  const cache =
    process.env.SWARMGATE_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'swarmgate');
  const version = process.env.SWARMGATE_KAFKA_VERSION ?? '4.1.1';
  return join(cache, `kafka-${version}`, 'lib', '*');
}

export function runJava(args: readonly string[]): string {
  return execFileSync('java', ['-Xmx512m', '-cp', kafkaClasspath(), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const jaasModule = (mechanism: string) =>
  mechanism === 'plain'
    ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
    : 'org.apache.kafka.common.security.scram.ScramLoginModule';

/** A client properties file for Kafka's Java tools with the login the environment gives kafkajs. */
export function javaClientConfig(): string {
  const { sasl, ssl } = kafkaSecurityFromEnv();
  const lines: string[] = [];
  if (sasl && 'username' in sasl && 'password' in sasl) {
    lines.push(
      `security.protocol=${ssl ? 'SASL_SSL' : 'SASL_PLAINTEXT'}`,
      `sasl.mechanism=${sasl.mechanism.toUpperCase()}`,
      `sasl.jaas.config=${jaasModule(sasl.mechanism)} required username="${sasl.username}" password="${sasl.password}";`,
    );
  } else if (ssl) lines.push('security.protocol=SSL');
  if (process.env.KAFKA_SSL_CA_FILE)
    lines.push('ssl.truststore.type=PEM', `ssl.truststore.location=${process.env.KAFKA_SSL_CA_FILE}`);
  const file = join(mkdtempSync(join(tmpdir(), 'bench-kafka-')), 'client.properties');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}
