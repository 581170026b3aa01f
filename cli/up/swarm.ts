// Every component of an installation in one process: the banking agents, the gate, the projector
// and the HTTP API, on Kafka or, with no servers configured, on the in-process log and PGlite.
import { existsSync, mkdirSync } from 'node:fs';
import type { AuthSettings, TokenAuthority } from '../../api/auth/index.ts';
import { loadIdentity, registrationOf } from '../../agents/runtime/index.ts';
import { KafkaBus } from '../../bus/kafka/index.ts';
import { DirectoryInUseError } from '../../bus/memory/dir-lock.ts';
import { MemoryBus } from '../../bus/memory/index.ts';
import { processRegistry } from '../../bus/process-metrics.ts';
import type { Bus } from '../../bus/port.ts';
import { topicNames, topicSpecs, type TopicNames } from '../../bus/topics.ts';
import type { Db } from '../../projector/index.ts';
import {
  openProjectorDb,
  type ProjectorDb,
  type ProjectorDbOptions,
} from '../../projector/open-projector-db.ts';
import { embeddedDatabaseDir, embeddedLogDir } from '../../projector/settings.ts';
import { createSigningKey, loadVerifyingKey } from '../../projector/signing-key.ts';
import { registrationRecord, type Registration } from '../../registry/publish.ts';
import { Codec } from '../../schemas/codec.ts';
import type { Signer } from '../../schemas/signing.ts';
import { advertiseApi } from '../embedded.ts';
import { caseDeskIdentity, caseDeskRegistration } from '../case-desk.ts';
import type { ProjectorConfig } from '../commands/projector.ts';
import { authSettings, ConfigError, keyDirectory, onKafka, type Config } from '../config.ts';
import { localAuthority } from '../local-tokens.ts';
import { localOperator } from '../operator.ts';
import { bankingSwarm, startAgentComponent, type AgentOptions } from '../start/agent.ts';
import { startApiComponent, type ApiAddressOptions } from '../start/api.ts';
import type { ComponentContext, Started } from '../start/component.ts';
import { gatePolicy, startGateComponent, type GateOptions } from '../start/gate.ts';
import { startProjectorComponent } from '../start/projector.ts';
import { operationRoutes } from './operations.ts';

export interface Swarm {
  readonly mode: 'kafka' | 'embedded';
  /** Where the embedded default keeps its log and database; undefined on Kafka or when ephemeral. */
  readonly dataDir: string | undefined;
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly db: Db;
  readonly schema: string;
  readonly url: string;
  /** The gate's ready fields: its policy file and version. */
  readonly policy: Readonly<Record<string, unknown>>;
  readonly agents: readonly string[];
  /** Signs tokens for this API when it trusts the local key (no SWARMGATE_AUTH_* set). */
  readonly tokenAuthority: TokenAuthority | null;
  stop(): Promise<void>;
}

export interface SwarmOptions extends GateOptions, AgentOptions, ApiAddressOptions {
  /** The embedded default's data directory; in memory only (gone when it stops) when absent. */
  readonly dataDir?: string;
  /** The banking agents to run. */
  readonly agents: readonly string[];
}

function transport(
  config: Config,
  dataDir: string | undefined,
): { mode: Swarm['mode']; bus: Bus; codec: Codec } {
  if (onKafka(config)) {
    const bus = new KafkaBus({ brokers: config.KAFKA_BROKERS!.split(','), clientId: 'swarmgate-up' });
    return { mode: 'kafka', bus, codec: Codec.connect(config.SCHEMA_REGISTRY_URL!) };
  }
  try {
    const bus = new MemoryBus(
      dataDir === undefined
        ? {}
        : { dataDir: embeddedLogDir(dataDir), fsync: config.SWARMGATE_FSYNC === 'true' },
    );
    return { mode: 'embedded', bus, codec: Codec.embedded() };
  } catch (error) {
    // Another swarmgate up on the same directory: the operator's to resolve, said in one line.
    if (error instanceof DirectoryInUseError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * The embedded database of a data directory, or in memory. A database without the log it was
 * projected from would be ahead of it: refused, not silently mixed with a new history.
 */
function embeddedDb(dataDir: string | undefined, mode: Swarm['mode']): ProjectorDbOptions {
  // On Kafka the database is rebuilt from the log at each start (the log outlives it there).
  if (mode === 'kafka' || dataDir === undefined) return { embedded: true };
  const dir = embeddedDatabaseDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { embedded: true, dataDir: dir };
}

function checkDataDir(config: Config, dataDir: string | undefined): void {
  if (dataDir === undefined || onKafka(config) || config.DATABASE_URL) return;
  if (existsSync(embeddedDatabaseDir(dataDir)) && !existsSync(embeddedLogDir(dataDir)))
    throw new ConfigError(
      `${embeddedDatabaseDir(dataDir)} has no in-process log beside it (${embeddedLogDir(dataDir)}): it is not an installation of swarmgate up; remove ${dataDir} to start afresh, or choose another --data-dir`,
    );
}

/** The identity provider configured, or else the installation's local token key. */
function apiAuth(config: Config, keyDir: string): { auth: AuthSettings; authority: TokenAuthority | null } {
  const configured = authSettings(config);
  if (configured) return { auth: configured, authority: null };
  const local = localAuthority(keyDir);
  return { auth: local.settings, authority: local.authority };
}

/** The database the projector and the API share: DATABASE_URL (the projector opens it), else PGlite. */
async function sharedDb(
  config: ProjectorConfig,
  dataDir: string | undefined,
  mode: Swarm['mode'],
): Promise<ProjectorDb | undefined> {
  if (config.DATABASE_URL) return undefined;
  const schema = config.projector.SWARMGATE_PROJECTOR_SCHEMA;
  return openProjectorDb({ ...embeddedDb(dataDir, mode), schema });
}

/** The demo is its own operator: it signs the registrations of its agents and its case desk. */
async function registerParticipants(
  context: ComponentContext,
  signer: Signer,
  entries: readonly Registration[],
): Promise<void> {
  const { bus, codec, names } = context;
  await bus.send(await Promise.all(entries.map((entry) => registrationRecord(codec, names, entry, signer))));
}

async function startAgents(
  context: ComponentContext,
  options: SwarmOptions,
  create: boolean,
): Promise<{ started: Started[]; registrations: Registration[] }> {
  const { agents, llm } = bankingSwarm(options, options.agents);
  const started: Started[] = [];
  const registrations: Registration[] = [];
  for (const agent of agents) {
    const identity = loadIdentity(agent.name, keyDirectory(), { create });
    registrations.push(registrationOf(agent, identity.publicKeyPem, Date.now()));
    started.push(await startAgentComponent(context, { agent, identity, llm, logFallbacks: false }, options));
  }
  return { started, registrations };
}

/** Stops in order, and each one even when one before it failed. */
async function stopAll(stops: readonly (() => Promise<void>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const stop of stops) await stop().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, 'swarmgate up did not stop cleanly');
}

/**
 * The same starters as `swarmgate gate|agent|projector|api`, on one bus: the banking agents, the
 * gate, the projector and the API.
 */
export async function startSwarm(config: ProjectorConfig, options: SwarmOptions): Promise<Swarm> {
  const dataDir = onKafka(config) ? undefined : options.dataDir;
  checkDataDir(config, dataDir);
  gatePolicy(config, options); // a bad policy file is named before anything starts
  const { mode, bus, codec } = transport(config, dataDir); // takes the data directory's lock first
  // Started last, stopped first: the API, the gate, the agents, the projector, the database, the bus.
  const stops: (() => Promise<void>)[] = [() => bus.close()];
  try {
    return await compose(config, options, { mode, dataDir, bus, codec }, stops);
  } catch (error) {
    await stopAll([...stops].reverse()).catch(() => {});
    throw error;
  }
}

interface Transport {
  readonly mode: Swarm['mode'];
  readonly dataDir: string | undefined;
  readonly bus: Bus;
  readonly codec: Codec;
}

async function compose(
  config: ProjectorConfig,
  options: SwarmOptions,
  { mode, dataDir, bus, codec }: Transport,
  stops: (() => Promise<void>)[],
): Promise<Swarm> {
  await codec.registerAll();
  const names = topicNames(config.SWARMGATE_TOPIC_PREFIX);
  await bus.createTopics(
    topicSpecs(names, { partitions: config.SWARMGATE_PARTITIONS, agents: options.agents }),
  );
  // The embedded database lives and goes with the in-process log: both on disk, or both in memory.
  const shared = await sharedDb(config, dataDir, mode);
  if (shared) stops.push(() => shared.db.close());
  const keyDir = keyDirectory();
  // The first five minutes: only the embedded default makes its own keys; on Kafka, `keys init` does.
  const create = mode === 'embedded';
  if (create) createSigningKey({ keyDir: config.projector.SWARMGATE_KEY_DIR });
  const operator = localOperator(config, keyDir, { create });
  // One registry for the process: the API's /metrics serves every component's metrics.
  const metrics = processRegistry('api', bus.health);
  const context: ComponentContext = { bus, codec, names, config, operatorKeys: operator.keys, metrics };
  const projector = await startProjectorComponent(context, { settings: config.projector, db: shared });
  stops.push(() => projector.stop());
  const agents = await startAgents(context, options, create);
  stops.push(...agents.started.map((agent) => () => agent.stop()));
  const caseDesk = caseDeskIdentity({ create });
  const registrations = [...agents.registrations, caseDeskRegistration(caseDesk.publicKeyPem, Date.now())];
  await registerParticipants(context, operator.signer, registrations);
  const gate = await startGateComponent(context, options);
  stops.push(() => gate.stop());
  const { auth, authority } = apiAuth(config, keyDir);
  const { db, schema } = projector;
  const verifyingKey = () =>
    loadVerifyingKey({
      pem: config.projector.SWARMGATE_AUDIT_KEY,
      keyDir: config.projector.SWARMGATE_KEY_DIR,
    });
  const routes =
    mode === 'embedded' ? operationRoutes({ bus, codec, names, db, schema, verifyingKey }) : undefined;
  // The dashboard's kill switches sign as this demo's operator; its audit page verifies the projector's checkpoints.
  const keys = { humanSigner: caseDesk, operatorSigner: operator.signer, auditKey: verifyingKey() };
  const api = await startApiComponent(context, { db, schema, auth, ...keys, routes }, options);
  stops.push(() => api.stop());
  if (dataDir !== undefined) {
    const withdraw = advertiseApi(dataDir, api.url);
    stops.push(async () => withdraw());
  }
  return {
    mode,
    dataDir,
    bus,
    codec,
    names,
    db,
    schema,
    url: api.url,
    policy: gate.ready,
    agents: options.agents,
    tokenAuthority: authority,
    // The API first, then what feeds it; the bus and the database last.
    stop: () => stopAll([...stops].reverse()),
  };
}
