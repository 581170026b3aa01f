import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { startHealthServer } from '../../projector/standby/health-server.ts';
import { migrateWith, type ProjectorDb } from '../../projector/open-projector-db.ts';
import {
  embeddedDatabaseDir,
  embeddedLogDir,
  parseProjectorSettings,
  type ProjectorSettings,
} from '../../projector/settings.ts';
import { lockHolder } from '../../bus/memory/dir-lock.ts';
import { openDb } from '../../projector/store/open-db.ts';
import { quoteSchema } from '../../projector/store/schema-scope.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { requireKafka, runsInUp, startOnKafka, stopOnSignals } from '../connect.ts';
import { startProjectorComponent } from '../start/projector.ts';

/** The shared configuration plus the projector's own settings, both validated. */
export function projectorConfig(
  env: NodeJS.ProcessEnv = process.env,
): Config & { projector: ProjectorSettings } {
  const config = loadConfig(env);
  const parsed = parseProjectorSettings(env);
  if (!parsed.ok)
    throw new ConfigError(`invalid configuration:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`);
  return { ...config, projector: parsed.settings };
}

export type ProjectorConfig = ReturnType<typeof projectorConfig>;

/** A mistake in what the operator asked for: reported as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The projector's database for reading commands: never migrated here, and it must hold projections. */
export async function openProjectorStore(config: ProjectorConfig): Promise<ProjectorDb> {
  const url = config.DATABASE_URL;
  const dataDir = embeddedDatabaseDir(config.projector.SWARMGATE_DATA_DIR);
  if (!url && !existsSync(dataDir)) {
    throw new UsageError(`no DATABASE_URL and no embedded database at ${dataDir} (SWARMGATE_DATA_DIR)`);
  }
  // PGlite is one process's: opened beside a running `swarmgate up` it would damage the database.
  const holder = url ? undefined : lockHolder(embeddedLogDir(config.projector.SWARMGATE_DATA_DIR));
  if (holder !== undefined)
    throw new UsageError(
      `the embedded database at ${dataDir} is in use by swarmgate up (process ${holder}): stop it first, or ask its API`,
    );
  const db = await openDb({ url, embedded: !url, dataDir: url ? undefined : dataDir });
  const schema = config.projector.SWARMGATE_PROJECTOR_SCHEMA;
  try {
    const { rows } = await db.query('SELECT to_regclass($1) AS t', [`${quoteSchema(schema)}.audit_log`]);
    if (!rows[0]?.t) {
      throw new UsageError(
        `schema ${schema} holds no projector tables (is SWARMGATE_PROJECTOR_SCHEMA right?)`,
      );
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, schema };
}

/**
 * Runs a command; whatever goes wrong is one clear line on stderr and exit code 2, never a stack
 * trace. Resolves true when the command ran, so the caller sets its own exit code only then.
 */
export async function reportingErrors(run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
    return false;
  }
}

function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description("create or update the projector's schema as the owner role, and grant the application role")
    .addHelpText(
      'after',
      `
Runs on DATABASE_MIGRATION_URL (else DATABASE_URL), a connection of the owner role or of a
superuser, which creates the roles when they are missing (SWARMGATE_DB_OWNER_ROLE, default
swarmgate_owner; SWARMGATE_DB_APP_ROLE, default swarmgate_app). The projector then logs in as the
application role, which may only read and append to the audit tables.

Example:
  DATABASE_MIGRATION_URL=postgres://swarmgate_owner@db/swarmgate swarmgate migrate
  DATABASE_URL=postgres://swarmgate_app@db/swarmgate swarmgate projector`,
    )
    .action(async () => {
      await reportingErrors(async () => {
        const config = projectorConfig();
        const url = config.projector.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
        if (!url)
          throw new UsageError(
            "set DATABASE_MIGRATION_URL (or DATABASE_URL) to the owner role's connection; the embedded swarm (`swarmgate up`) migrates its PGlite itself",
          );
        await migrateWith(url, config.projector.SWARMGATE_PROJECTOR_SCHEMA);
        console.log(
          JSON.stringify({
            event: 'projector.migrated',
            schema: config.projector.SWARMGATE_PROJECTOR_SCHEMA,
          }),
        );
      });
    });
}

/** The health server's address: --port, else SWARMGATE_PROJECTOR_HTTP_PORT; none when neither is set. */
function healthListen(
  options: { port?: string; host?: string },
  config: ProjectorConfig,
): { port: number; host: string } | undefined {
  const port = options.port ?? process.env.SWARMGATE_PROJECTOR_HTTP_PORT;
  if (port === undefined || port === '') return undefined;
  const number = Number(port);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new UsageError(`--port: not a port number: ${JSON.stringify(port)}`);
  return { port: number, host: options.host ?? config.SWARMGATE_HTTP_HOST };
}

export function projectorCommand(program: Command): void {
  migrateCommand(program);
  program
    .command('projector')
    .description('run the projector: sg.decisions into PostgreSQL projections and the hash-chained audit log')
    .option(
      '--port <port>',
      'serve /healthz and /metrics of this instance (default: SWARMGATE_PROJECTOR_HTTP_PORT; 0 picks one)',
    )
    .option(
      '--host <address>',
      'interface of /healthz and /metrics (default: SWARMGATE_HTTP_HOST or 127.0.0.1)',
    )
    .addHelpText(
      'after',
      `
On PostgreSQL run two or more instances per schema: one holds the schema's active lock and
applies, the others stand by (projector.ready says "role":"standby") and one takes over when the
active one dies, stops answering or loses its database connection (projector.active). A deposed
active stands by at once (projector.standby), and once its last batch is over and the lock
released says so (projector.stepped-down); it leaves the lock to the others for the lease time
since it lost it before it tries again.

Environment:
  DATABASE_URL                postgres:// URL; without it an embedded PGlite in SWARMGATE_DATA_DIR/pglite
  SWARMGATE_DATA_DIR          the embedded defaults' data directory (default ~/.swarmgate/data)
  DATABASE_MIGRATION_URL      the owner role's URL: migrations run on it, the projector then writes
                              as DATABASE_URL's role (the application role; see \`swarmgate migrate\`)
  SWARMGATE_PROJECTOR_SCHEMA  schema of the projections (default swarmgate)
  SWARMGATE_AUDIT_KEY         Ed25519 private key (PEM) that signs checkpoints; else a key file
  SWARMGATE_KEY_DIR           where that key file is kept (default ~/.swarmgate/keys; swarmgate keys init)
  SWARMGATE_CHECKPOINT_EVERY  sign the chain head every N decisions (default 1000)
  SWARMGATE_PROJECTOR_LEASE_MS  an active instance silent this long loses the lock (default 5000)
  SWARMGATE_INSTANCE          this instance's name on /healthz, /metrics and its log lines (host:pid)

Example:
  KAFKA_BROKERS=kafka:9092 SCHEMA_REGISTRY_URL=http://registry:8081/apis/ccompat/v7 \\
  DATABASE_MIGRATION_URL=postgres://swarmgate_owner@db/swarmgate \\
  DATABASE_URL=postgres://swarmgate_app@db/swarmgate swarmgate projector --port 9464`,
    )
    .action(async (options: { port?: string; host?: string }) => {
      await reportingErrors(async () => {
        const config = projectorConfig();
        const listen = healthListen(options, config);
        requireKafka(config, runsInUp('projector'));
        const where = { component: 'projector', clientId: 'swarmgate-projector' };
        const running = await startOnKafka(config, where, async (kafka) => {
          const started = await startProjectorComponent({ ...kafka, config }, { settings: config.projector });
          kafka.onClose(() => started.stop());
          const health = listen && started.tracker && (await startHealthServer(started.tracker, listen));
          return { ...started, health, stop: async () => await health?.close() };
        });
        const health = running.health;
        console.log(JSON.stringify({ ...running.ready, ...(health ? { health: health.url } : {}) }));
        stopOnSignals(() => running.stop());
      });
    });
}
