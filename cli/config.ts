// Runtime configuration from the environment, validated once at start-up so a mistake is
// reported by name before anything connects.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readPublicKey, type AuthSettings } from '../api/auth/index.ts';
import { DEFAULT_DATA_DIR } from '../projector/settings.ts';
import { kafkaSecurityFromEnv, KafkaSecurityError, saslMechanisms } from '../bus/kafka/security.ts';

const defaultPolicy = fileURLToPath(new URL('../orchestrator/policies.yaml', import.meta.url));

const existingFiles = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((path) => path.trim())
      .filter(Boolean),
  )
  .refine((paths) => paths.length > 0, 'at least one key file or directory')
  .refine((paths) => paths.every((path) => existsSync(path)), {
    error: (issue) =>
      `no such file or directory: ${(issue.input as string[]).filter((path) => !existsSync(path)).join(', ')}`,
  });

const schema = z.object({
  KAFKA_BROKERS: z.string().min(1).optional(),
  // How every process logs in to Kafka; createKafka reads them (bus/kafka/security.ts).
  KAFKA_SASL_MECHANISM: z.enum(saslMechanisms).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SSL: z.enum(['true', 'false']).optional(),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  SCHEMA_REGISTRY_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SWARMGATE_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
    .default(''),
  SWARMGATE_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  SWARMGATE_POLICY: z.string().default(defaultPolicy),
  SWARMGATE_INSTANCE: z.string().optional(),
  /**
   * Where the embedded default (`swarmgate up` with no servers configured) keeps its in-process
   * log (log/) and PGlite (pglite/); ~/.swarmgate/data when unset. `swarmgate up --data-dir` wins.
   */
  SWARMGATE_DATA_DIR: z.string().min(1).optional(),
  /** true: the embedded log fsyncs every append, so it also outlives a machine crash (slower). */
  SWARMGATE_FSYNC: z.enum(['true', 'false']).default('false'),
  SWARMGATE_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SWARMGATE_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** /healthz and /metrics of the gate, an agent or the projector (cli/health-server.ts); off when unset. */
  SWARMGATE_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // The identity provider whose bearer tokens the API accepts (see authSettings).
  SWARMGATE_AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  SWARMGATE_AUTH_PUBLIC_KEY: z.string().min(1).optional(),
  SWARMGATE_AUTH_ISSUER: z.string().min(1).optional(),
  SWARMGATE_AUTH_AUDIENCE: z.string().min(1).optional(),
  SWARMGATE_AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  SWARMGATE_AUTH_TENANTS_CLAIM: z.string().min(1).default('tenants'),
  SWARMGATE_AUTH_INGEST_ACTOR_ROLES: z.string().default('customer'),
  // The API's watchdog (api/watchdog/): an automatic KILL when an agent's incidents or spend within
  // the window reach a threshold (unset: off), and alerts to an Alertmanager-format webhook.
  SWARMGATE_WATCHDOG_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  SWARMGATE_WATCHDOG_MAX_INCIDENTS: z.coerce.number().int().min(1).optional(),
  SWARMGATE_WATCHDOG_MAX_SPEND_MICROS: z.coerce.number().int().min(1).optional(),
  SWARMGATE_WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  SWARMGATE_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  SWARMGATE_ALERT_RECEIVER: z.string().min(1).default('swarmgate'),
  SWARMGATE_ALERT_MAX_LAG: z.coerce.number().int().min(1).optional(),
  /** Operator public keys (files, or directories of *.pem / *.pub), comma-separated. */
  SWARMGATE_OPERATOR_KEYS: existingFiles.optional(),
  /** The operator's private key, for the commands that sign (agents register|approve, kill, resume, drill). */
  SWARMGATE_OPERATOR_KEY_FILE: z
    .string()
    .refine((path) => existsSync(path), 'no such file')
    .optional(),
});

export type Config = z.output<typeof schema>;

/** Where agent and case-desk private keys live unless SWARMGATE_AGENT_KEY_<NAME> carries one. */
export function keyDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWARMGATE_KEY_DIR ?? join(homedir(), '.swarmgate', 'keys');
}

/** The embedded default's data directory: `--data-dir`, else SWARMGATE_DATA_DIR, else ~/.swarmgate/data. */
export function dataDirectory(config: Config, flag?: string): string {
  return resolve(flag ?? config.SWARMGATE_DATA_DIR ?? DEFAULT_DATA_DIR);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// The variables that only make sense together (a username needs a password and a mechanism, a
// certificate its key) and files that must be readable.
function checkKafkaSecurity(env: NodeJS.ProcessEnv): void {
  try {
    kafkaSecurityFromEnv(env);
  } catch (error) {
    if (error instanceof KafkaSecurityError)
      throw new ConfigError(`invalid configuration:\n  ${error.message}`);
    throw error;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) {
    checkKafkaSecurity(env);
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}

const AUTH_HINT =
  'set SWARMGATE_AUTH_JWKS_URL (or SWARMGATE_AUTH_PUBLIC_KEY, a PEM or JWK file), SWARMGATE_AUTH_ISSUER and SWARMGATE_AUTH_AUDIENCE';

/**
 * Whose tokens the API accepts, or undefined when nothing is configured (the embedded default
 * then uses its local key). Half a configuration is an error, never a silent default.
 */
export function authSettings(config: Config): AuthSettings | undefined {
  const { SWARMGATE_AUTH_JWKS_URL: jwksUrl, SWARMGATE_AUTH_PUBLIC_KEY: keyFile } = config;
  const { SWARMGATE_AUTH_ISSUER: issuer, SWARMGATE_AUTH_AUDIENCE: audience } = config;
  if (!jwksUrl && !keyFile && !issuer && !audience) return undefined;
  if (jwksUrl && keyFile)
    throw new ConfigError('set SWARMGATE_AUTH_JWKS_URL or SWARMGATE_AUTH_PUBLIC_KEY, not both');
  if (!(jwksUrl ?? keyFile) || !issuer || !audience)
    throw new ConfigError(`incomplete API authentication: ${AUTH_HINT}`);
  let key: AuthSettings['key'];
  try {
    key = jwksUrl ? { jwksUrl } : { publicKey: readPublicKey(keyFile ?? '') };
  } catch (error) {
    throw new ConfigError(
      `SWARMGATE_AUTH_PUBLIC_KEY: cannot read a public key from ${keyFile}: ${(error as Error).message}`,
    );
  }
  return {
    key,
    issuer,
    audience,
    rolesClaim: config.SWARMGATE_AUTH_ROLES_CLAIM,
    tenantsClaim: config.SWARMGATE_AUTH_TENANTS_CLAIM,
    assertableActorRoles: config.SWARMGATE_AUTH_INGEST_ACTOR_ROLES.split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  };
}

/** For processes that serve the API outside the embedded default: no configuration, no start. */
export function requiredAuthSettings(config: Config): AuthSettings {
  const settings = authSettings(config);
  if (!settings)
    throw new ConfigError(`the API needs an identity provider for its bearer tokens: ${AUTH_HINT}`);
  return settings;
}

/** On Kafka: the brokers and the registry are set. Otherwise the embedded swarm (`swarmgate up`) runs. */
export const onKafka = (config: Config): boolean =>
  Boolean(config.KAFKA_BROKERS && config.SCHEMA_REGISTRY_URL);

/** Kafka mode needs both the brokers and the registry; with neither, the embedded defaults run. */
export function kafkaSettings(config: Config): { brokers: string[]; registryUrl: string } {
  if (!config.KAFKA_BROKERS || !config.SCHEMA_REGISTRY_URL) {
    throw new ConfigError(
      'set KAFKA_BROKERS and SCHEMA_REGISTRY_URL (e.g. 127.0.0.1:9092 and http://127.0.0.1:8081/apis/ccompat/v7)',
    );
  }
  return { brokers: config.KAFKA_BROKERS.split(','), registryUrl: config.SCHEMA_REGISTRY_URL };
}
