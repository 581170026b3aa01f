// How a process logs in to Kafka, from documented environment variables, so every process, test,
// bench and the chaos runner authenticates without its call site knowing:
//   KAFKA_SASL_MECHANISM  scram-sha-512 | scram-sha-256 | plain (with USERNAME and PASSWORD)
//   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
//   KAFKA_SSL=true        TLS to the brokers; KAFKA_SSL_CA_FILE trusts a private CA (PEM)
//   KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE   a client certificate and key (PEM): mTLS
import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';

export const saslMechanisms = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

export class KafkaSecurityError extends Error {
  override readonly name = 'KafkaSecurityError';
}

const isMechanism = (value: string): value is SaslMechanism =>
  (saslMechanisms as readonly string[]).includes(value);

function required(env: NodeJS.ProcessEnv, name: string, because: string): string {
  const value = env[name];
  if (!value) throw new KafkaSecurityError(`${name} must be set ${because}`);
  return value;
}

function saslFrom(env: NodeJS.ProcessEnv): SASLOptions | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (!mechanism) {
    const stray = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'].find((name) => env[name]);
    if (stray) throw new KafkaSecurityError(`${stray} is set but KAFKA_SASL_MECHANISM is not`);
    return undefined;
  }
  if (!isMechanism(mechanism))
    throw new KafkaSecurityError(
      `KAFKA_SASL_MECHANISM must be one of ${saslMechanisms.join(', ')}, got "${mechanism}"`,
    );
  const because = `with KAFKA_SASL_MECHANISM=${mechanism}`;
  return {
    mechanism,
    username: required(env, 'KAFKA_SASL_USERNAME', because),
    password: required(env, 'KAFKA_SASL_PASSWORD', because),
  };
}

function pemFile(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[name];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KafkaSecurityError(`${name}: cannot read ${file} (${(error as Error).message})`);
  }
}

function sslFrom(env: NodeJS.ProcessEnv): ConnectionOptions | undefined {
  const flag = env.KAFKA_SSL;
  if (flag !== undefined && flag !== '' && flag !== 'true' && flag !== 'false')
    throw new KafkaSecurityError(`KAFKA_SSL must be true or false, got "${flag}"`);
  const files = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'];
  if (flag !== 'true') {
    const stray = files.find((name) => env[name]);
    if (stray) throw new KafkaSecurityError(`${stray} is set but KAFKA_SSL is not true`);
    return undefined;
  }
  const [ca, cert, key] = files.map((name) => pemFile(env, name));
  if (Boolean(cert) !== Boolean(key))
    throw new KafkaSecurityError('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (mTLS)');
  return { rejectUnauthorized: true, ...(ca && { ca: [ca] }), ...(cert && key && { cert, key }) };
}

/** The sasl and ssl settings the environment asks for; throws naming the variable that is wrong. */
export function kafkaSecurityFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  const sasl = saslFrom(env);
  const ssl = sslFrom(env);
  return { ...(sasl && { sasl }), ...(ssl && { ssl }) };
}
