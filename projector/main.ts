// The projector as a process: its database (PostgreSQL, or the embedded PGlite on disk), its
// checkpoint key, and the consumer. The caller brings the Kafka bus and codec.
import { mkdirSync } from 'node:fs';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import type { AppliedBatch } from './apply-records.ts';
import type { SignedCheckpoint } from './audit/checkpoint.ts';
import { startProjector, type Projector } from './consumer.ts';
import { openProjectorDb } from './open-projector-db.ts';
import type { ProjectorSettings } from './settings.ts';
import { loadSigningKey } from './signing-key.ts';
import type { Db } from './store/db.ts';

export interface ProjectorProcessOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly settings: ProjectorSettings;
  /** postgres:// URL; without it the embedded PGlite in settings.SWARMGATE_DATA_DIR. */
  readonly databaseUrl?: string;
  readonly onCheckpoint?: (checkpoint: SignedCheckpoint) => void;
  readonly onBatch?: (batch: AppliedBatch) => void;
  readonly onCrash?: (error: unknown) => void;
  readonly onRejoin?: (error: unknown) => void;
}

export interface ProjectorProcess {
  readonly projector: Projector;
  readonly db: Db;
  /** The ready line's fields: enough for an operator to see what was resumed and how it signs. */
  readonly ready: Readonly<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function runProjectorProcess(options: ProjectorProcessOptions): Promise<ProjectorProcess> {
  const { settings } = options;
  const key = loadSigningKey({
    pem: settings.SWARMGATE_AUDIT_KEY,
    keyDir: settings.SWARMGATE_KEY_DIR,
  });
  const embedded = !options.databaseUrl;
  if (embedded) mkdirSync(settings.SWARMGATE_DATA_DIR, { recursive: true, mode: 0o700 });
  const { db, schema } = await openProjectorDb({
    url: options.databaseUrl,
    embedded,
    dataDir: embedded ? settings.SWARMGATE_DATA_DIR : undefined,
    schema: settings.SWARMGATE_PROJECTOR_SCHEMA,
    migrationUrl: settings.DATABASE_MIGRATION_URL,
  });
  const role = await db
    .query<{ name: string }>('SELECT current_user AS name')
    .catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
  let projector: Projector;
  try {
    projector = await startProjector({
      bus: options.bus,
      codec: options.codec,
      names: options.names,
      db,
      schema,
      group: settings.SWARMGATE_PROJECTOR_GROUP,
      checkpointKey: key.privateKey,
      checkpointEvery: settings.SWARMGATE_CHECKPOINT_EVERY,
      onCheckpoint: options.onCheckpoint,
      onBatch: options.onBatch,
      onCrash: options.onCrash,
      onRejoin: options.onRejoin,
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    projector,
    db,
    ready: {
      schema,
      database: embedded ? `pglite:${settings.SWARMGATE_DATA_DIR}` : 'postgres',
      databaseRole: role.rows[0]?.name,
      decisions: options.names.decisions,
      group: projector.groupId,
      resumedFrom: projector.resumedFrom,
      replayedGap: projector.replayedGap,
      checkpoints: projector.checkpointsTopic,
      checkpointEvery: settings.SWARMGATE_CHECKPOINT_EVERY,
      keyId: key.keyId,
      key: key.origin,
    },
    async stop() {
      try {
        await projector.stop();
      } finally {
        await db.close();
      }
    },
  };
}
