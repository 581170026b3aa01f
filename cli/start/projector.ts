// The projector as `swarmgate projector` runs it and `swarmgate up` composes it, on the same
// settings (SWARMGATE_PROJECTOR_SCHEMA, _GROUP, SWARMGATE_CHECKPOINT_EVERY, SWARMGATE_AUDIT_KEY).
// With a database of its own (DATABASE_URL) it is the standby-capable process; on the embedded
// PGlite that `up` opens and shares with its API, it applies to that one.
import { startProjector } from '../../projector/consumer.ts';
import { runProjectorProcess } from '../../projector/main.ts';
import type { ProjectorDb } from '../../projector/open-projector-db.ts';
import type { ProjectorSettings } from '../../projector/settings.ts';
import { loadSigningKey } from '../../projector/signing-key.ts';
import type { InstanceTracker } from '../../projector/standby/status.ts';
import { exitOnCrash, type ComponentContext, type Started } from './component.ts';

export interface ProjectorStart {
  readonly settings: ProjectorSettings;
  /** The embedded database the caller owns; else the projector opens DATABASE_URL (or its PGlite). */
  readonly db?: ProjectorDb;
  /** Make the checkpoint key when it is missing (the embedded swarm only). */
  readonly createKey?: boolean;
}

export interface StartedProjector extends Started, ProjectorDb {
  /** The standby-capable process's roles, for its /healthz; absent on a database the caller owns. */
  readonly tracker?: InstanceTracker;
}

/** The projector trusts no operator key: it applies whatever the gate decided. */
type ProjectorContext = Omit<ComponentContext, 'operatorKeys'>;

const logLine = (fields: Readonly<Record<string, unknown>>) => {
  const { role, ...rest } = fields;
  console.log(JSON.stringify({ event: `projector.${String(role)}`, ...rest }));
};

const logRejoin = (error: unknown) =>
  console.error(
    JSON.stringify({ event: 'projector.rejoin', reason: (error as Error)?.message ?? String(error) }),
  );

async function onOwnDatabase(
  context: ProjectorContext,
  settings: ProjectorSettings,
): Promise<StartedProjector> {
  const { bus, codec, names, config, metrics } = context;
  const running = await runProjectorProcess({
    metrics,
    bus,
    codec,
    names,
    settings,
    databaseUrl: config.DATABASE_URL,
    instance: config.SWARMGATE_INSTANCE,
    onCrash: exitOnCrash('projector'),
    onRejoin: logRejoin,
    onRole: logLine,
    onSteppedDown: (stepped) => console.log(JSON.stringify({ event: 'projector.stepped-down', ...stepped })),
  });
  const ready = { event: 'projector.ready', ...running.ready };
  return {
    ready,
    db: running.db,
    schema: settings.SWARMGATE_PROJECTOR_SCHEMA,
    tracker: running.tracker,
    stop: () => running.stop(),
  };
}

async function onSharedDatabase(context: ProjectorContext, start: ProjectorStart & { db: ProjectorDb }) {
  const { settings, db: shared } = start;
  const key = loadSigningKey(
    { pem: settings.SWARMGATE_AUDIT_KEY, keyDir: settings.SWARMGATE_KEY_DIR },
    { create: start.createKey },
  );
  const projector = await startProjector({
    bus: context.bus,
    codec: context.codec,
    names: context.names,
    ...shared,
    group: settings.SWARMGATE_PROJECTOR_GROUP,
    checkpointKey: key.privateKey,
    metrics: context.metrics,
    checkpointEvery: settings.SWARMGATE_CHECKPOINT_EVERY,
    onCrash: exitOnCrash('projector'),
    onRejoin: logRejoin,
  });
  const ready = {
    event: 'projector.ready',
    schema: shared.schema,
    group: projector.groupId,
    checkpointEvery: settings.SWARMGATE_CHECKPOINT_EVERY,
    keyId: key.keyId,
  };
  return { ready, ...shared, stop: () => projector.stop() };
}

export function startProjectorComponent(
  context: ProjectorContext,
  start: ProjectorStart,
): Promise<StartedProjector> {
  const { db } = start;
  return db ? onSharedDatabase(context, { ...start, db }) : onOwnDatabase(context, start.settings);
}
