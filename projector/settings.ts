// What the projector's processes (the projector, replay, audit, status) read from the
// environment beyond the shared configuration, validated once so a mistake is named up front.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CHECKPOINT_EVERY, DEFAULT_GROUP } from './consumer.ts';
import { DEFAULT_SCHEMA } from './store/schema-scope.ts';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Where the embedded defaults keep their data unless SWARMGATE_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = join(homedir(), '.swarmgate', 'data');

/**
 * The embedded PGlite of a data directory. `swarmgate up` keeps its in-process log beside it, in
 * `embeddedLogDir`: the two are one installation.
 */
export const embeddedDatabaseDir = (dataDir: string): string => join(dataDir, 'pglite');
export const embeddedLogDir = (dataDir: string): string => join(dataDir, 'log');

const settingsSchema = z.object({
  /** The owner role's connection; migrations run on it, the projector then writes as DATABASE_URL's role. */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SWARMGATE_PROJECTOR_SCHEMA: z
    .string()
    .regex(SCHEMA_NAME, 'a lower-case PostgreSQL schema name (a-z, 0-9, _)')
    .default(DEFAULT_SCHEMA),
  SWARMGATE_PROJECTOR_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, . _ - only')
    .default(DEFAULT_GROUP),
  /** PEM of the Ed25519 private key that signs checkpoints. */
  SWARMGATE_AUDIT_KEY: z.string().min(1).optional(),
  SWARMGATE_KEY_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.swarmgate', 'keys')),
  /**
   * How long the active instance may go silent before PostgreSQL ends its lock session (and a
   * standby takes over); it heartbeats four times as often, standbys try the lock five times.
   */
  SWARMGATE_PROJECTOR_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(5_000),
  SWARMGATE_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_CHECKPOINT_EVERY),
  /** The data directory; the embedded PGlite is its pglite/ when no DATABASE_URL is set. */
  SWARMGATE_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
});

export type ProjectorSettings = z.output<typeof settingsSchema>;

/** The settings, or the list of what is wrong with them. */
export function parseProjectorSettings(
  env: NodeJS.ProcessEnv,
): { ok: true; settings: ProjectorSettings } | { ok: false; problems: string[] } {
  const parsed = settingsSchema.safeParse(env);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  };
}
