// Runtime configuration from the environment, validated once at start-up so a mistake is
// reported by name before anything connects.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
  SWARMGATE_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
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

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}

/** Kafka mode needs both the brokers and the registry; with neither, the embedded defaults run. */
export function kafkaSettings(config: Config): { brokers: string[]; registryUrl: string } {
  if (!config.KAFKA_BROKERS || !config.SCHEMA_REGISTRY_URL) {
    throw new ConfigError(
      'set KAFKA_BROKERS and SCHEMA_REGISTRY_URL (e.g. 127.0.0.1:9092 and http://127.0.0.1:8081/apis/ccompat/v7)',
    );
  }
  return { brokers: config.KAFKA_BROKERS.split(','), registryUrl: config.SCHEMA_REGISTRY_URL };
}
