// The projector as a process: its database (PostgreSQL, or the embedded PGlite on disk), its
// checkpoint key, and the consumer while it is the active instance of its schema. On PostgreSQL
// any number of instances may run: one holds the active lock and applies, the others stand by
// and take over when it goes (standby/). The caller brings the Kafka bus and codec.
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import type { AppliedBatch } from './apply-records.ts';
import { readChainHead } from './audit/append.ts';
import type { SignedCheckpoint } from './audit/checkpoint.ts';
import { startProjector, type Projector } from './consumer.ts';
import { openProjectorDb } from './open-projector-db.ts';
import { embeddedDatabaseDir, embeddedLogDir, type ProjectorSettings } from './settings.ts';
import { loadSigningKey, type SigningKey } from './signing-key.ts';
import { fencedDb } from './standby/fenced-db.ts';
import { isLeaseLost, tryLease, type Lease } from './standby/lease.ts';
import { runRoles, type RoleChange, type SteppedDown } from './standby/roles.ts';
import { instanceTracker, type InstanceTracker } from './standby/status.ts';
import type { Db } from './store/db.ts';
import { inSchema } from './store/schema-scope.ts';

export interface ProjectorProcessOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly settings: ProjectorSettings;
  /** postgres:// URL; without it the embedded PGlite in settings.SWARMGATE_DATA_DIR/pglite. */
  readonly databaseUrl?: string;
  /** Names this instance on /healthz, /metrics and its log lines; host:pid by default. */
  readonly instance?: string;
  /** The process's Prometheus registry (what /metrics serves); one of the projector's own when absent. */
  readonly metrics?: Registry;
  readonly onCheckpoint?: (checkpoint: SignedCheckpoint) => void;
  readonly onBatch?: (batch: AppliedBatch) => void;
  readonly onCrash?: (error: unknown) => void;
  readonly onRejoin?: (error: unknown) => void;
  /** Each role change after the first (which the ready fields carry): the new role's fields. */
  readonly onRole?: (fields: Readonly<Record<string, unknown>>) => void;
  /** A deposed active has stopped applying and released the lock; it tries again in `yieldsMs`. */
  readonly onSteppedDown?: (stepped: SteppedDown) => void;
}

export interface ProjectorProcess {
  readonly db: Db;
  readonly tracker: InstanceTracker;
  /** The ready line's fields: the role it started in and, when active, what it resumed from. */
  readonly ready: Readonly<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The embedded PGlite is one process's own database: it is always the active instance. */
const soleLease: Lease = {
  pid: 0,
  lost: new Promise(() => {}),
  lostAt: () => Date.now(),
  fence: async () => {},
  release: async () => {},
};

interface ActiveTerm {
  readonly projector: Projector;
  readonly fields: Readonly<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function runProjectorProcess(options: ProjectorProcessOptions): Promise<ProjectorProcess> {
  const { settings } = options;
  const key = loadSigningKey({
    pem: settings.SWARMGATE_AUDIT_KEY,
    keyDir: settings.SWARMGATE_KEY_DIR,
  });
  const embedded = !options.databaseUrl;
  const dataDir = embeddedDatabaseDir(settings.SWARMGATE_DATA_DIR);
  // Its offsets are the in-process log's, not this bus's: projecting on would mix two histories.
  if (embedded && existsSync(embeddedLogDir(settings.SWARMGATE_DATA_DIR)))
    throw new Error(
      `${settings.SWARMGATE_DATA_DIR} holds an embedded installation of \`swarmgate up\`; set DATABASE_URL or another SWARMGATE_DATA_DIR`,
    );
  if (embedded) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { db, schema } = await openProjectorDb({
    url: options.databaseUrl,
    embedded,
    dataDir: embedded ? dataDir : undefined,
    schema: settings.SWARMGATE_PROJECTOR_SCHEMA,
    migrationUrl: settings.DATABASE_MIGRATION_URL,
  });
  const role = await db
    .query<{ name: string }>('SELECT current_user AS name')
    .catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
  const tracker = instanceTracker(
    options.instance ?? `${hostname()}:${process.pid}`,
    schema,
    options.metrics,
  );
  const activate = (lease: Lease) => activeTerm(options, { db, schema, key, tracker, embedded }, lease);
  const { databaseUrl } = options;
  const acquire = databaseUrl
    ? () => tryLease({ url: databaseUrl, schema, timeoutMs: settings.SWARMGATE_PROJECTOR_LEASE_MS })
    : async () => soleLease;
  const base = {
    instance: tracker.status().instance,
    schema,
    database: embedded ? `pglite:${dataDir}` : 'postgres',
    databaseRole: role.rows[0]?.name,
  };
  let first: Readonly<Record<string, unknown>> | undefined;
  const report = (fields: Readonly<Record<string, unknown>>) => {
    if (first) options.onRole?.(fields);
    else first = { ...base, ...fields };
  };
  const roles = runRoles<ActiveTerm>({
    acquire,
    activate,
    retryMs: Math.max(100, Math.floor(settings.SWARMGATE_PROJECTOR_LEASE_MS / 5)),
    yieldMs: settings.SWARMGATE_PROJECTOR_LEASE_MS,
    onAcquireError: (error) => tracker.acquireFailed(error),
    onSteppedDown: options.onSteppedDown,
    onChange: (change: RoleChange<ActiveTerm>) => {
      if (change.role === 'active') {
        tracker.active(change.lease.pid);
        report({ role: 'active', term: tracker.status().takeovers, ...change.running.fields });
      } else {
        tracker.standby();
        report({ role: 'standby', reason: change.reason });
      }
    },
  });
  try {
    await roles.ready;
  } catch (error) {
    await db.close();
    throw error;
  }
  void roles.failed.catch((error: unknown) => (options.onCrash ?? console.error)(error));
  return {
    db,
    tracker,
    ready: first ?? base,
    async stop() {
      try {
        await roles.stop();
      } finally {
        await db.close();
      }
    },
  };
}

interface Shared {
  readonly db: Db;
  readonly schema: string;
  readonly key: SigningKey;
  readonly tracker: InstanceTracker;
  readonly embedded: boolean;
}

/** Starts applying under the lease, from where the chain and the stored offsets stand. */
async function activeTerm(
  options: ProjectorProcessOptions,
  shared: Shared,
  lease: Lease,
): Promise<ActiveTerm> {
  const { settings } = options;
  const { schema, key, tracker } = shared;
  const db = shared.embedded ? shared.db : fencedDb(shared.db, schema, lease);
  // Read under the fence: whatever the previous active committed is in, and nothing of ours yet.
  const head = await inSchema(db, schema, (tx) => readChainHead(tx));
  const projector = await startProjector({
    bus: options.bus,
    codec: options.codec,
    names: options.names,
    db,
    schema,
    group: settings.SWARMGATE_PROJECTOR_GROUP,
    metrics: tracker.registry,
    checkpointKey: key.privateKey,
    checkpointEvery: settings.SWARMGATE_CHECKPOINT_EVERY,
    onCheckpoint: options.onCheckpoint,
    onBatch: (batch) => {
      tracker.appended(batch.applied + batch.unapplied);
      options.onBatch?.(batch);
    },
    // A deposed active's batch fails its fence: the role loop stands it by, it is no crash.
    onCrash: (error) => {
      if (!isLeaseLost(error)) (options.onCrash ?? console.error)(error);
    },
    onRejoin: options.onRejoin,
  });
  return {
    projector,
    fields: {
      decisions: options.names.decisions,
      group: projector.groupId,
      fromSeq: head.seq,
      resumedFrom: projector.resumedFrom,
      replayedGap: projector.replayedGap,
      checkpoints: projector.checkpointsTopic,
      checkpointEvery: settings.SWARMGATE_CHECKPOINT_EVERY,
      keyId: key.keyId,
      key: key.origin,
      ...(shared.embedded ? {} : { lockBackend: lease.pid }),
    },
    stop: () => projector.stop(),
  };
}
