// Every component of an installation in one process: the banking agents, the gate, the projector
// and the HTTP API, on Kafka or, with no servers configured, on the in-process log and PGlite.
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { followInventory } from '../../api/inventory.ts';
import { buildApi } from '../../api/server.ts';
import { bankingAgents } from '../../agents/banking/index.ts';
import { createLlmProvider } from '../../agents/llm/factory.ts';
import { ModelTiering } from '../../agents/llm/tiering.ts';
import { loadIdentity, registrationOf, startAgent } from '../../agents/runtime/index.ts';
import { KafkaBus } from '../../bus/kafka/index.ts';
import { DirectoryInUseError } from '../../bus/memory/dir-lock.ts';
import { MemoryBus } from '../../bus/memory/index.ts';
import type { Bus } from '../../bus/port.ts';
import { topicNames, topicSpecs, type TopicNames } from '../../bus/topics.ts';
import { startGate } from '../../orchestrator/gate/index.ts';
import { loadComposite } from '../../orchestrator/policy/composite.ts';
import { startProjector } from '../../projector/consumer.ts';
import { openProjectorDb, type Db } from '../../projector/index.ts';
import type { ProjectorDbOptions } from '../../projector/open-projector-db.ts';
import { embeddedDatabaseDir, embeddedLogDir } from '../../projector/settings.ts';
import { loadSigningKey } from '../../projector/signing-key.ts';
import { registrationRecord, type Registration } from '../../registry/publish.ts';
import { Codec } from '../../schemas/codec.ts';
import { caseDeskIdentity, caseDeskRegistration } from '../case-desk.ts';
import type { AuthSettings, TokenAuthority } from '../../api/auth/index.ts';
import { authSettings, ConfigError, keyDirectory } from '../config.ts';
import type { Config } from '../config.ts';
import { localAuthority } from '../local-tokens.ts';
import { localOperator } from '../operator.ts';

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
  /** Signs tokens for this API when it trusts the local key (no SWARMGATE_AUTH_* set). */
  readonly tokenAuthority: TokenAuthority | null;
  stop(): Promise<void>;
}

export interface SwarmOptions {
  /** The embedded default's data directory; in memory only (gone when it stops) when absent. */
  readonly dataDir?: string;
}

/** On Kafka mode: the brokers and registry are set. Otherwise the embedded default runs. */
export const onKafka = (config: Config): boolean =>
  Boolean(config.KAFKA_BROKERS && config.SCHEMA_REGISTRY_URL);

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
function embeddedDb(config: Config, dataDir: string | undefined, mode: Swarm['mode']): ProjectorDbOptions {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
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

export async function startSwarm(config: Config, port: number, options: SwarmOptions = {}): Promise<Swarm> {
  const dataDir = onKafka(config) ? undefined : options.dataDir;
  checkDataDir(config, dataDir);
  const { mode, bus, codec } = transport(config, dataDir); // takes the data directory's lock first
  await codec.registerAll();
  const names = topicNames(config.SWARMGATE_TOPIC_PREFIX);
  await bus.createTopics(
    topicSpecs(names, { partitions: config.SWARMGATE_PARTITIONS, agents: bankingAgents.map((a) => a.name) }),
  );
  // The embedded database lives and goes with the in-process log: both on disk, or both in memory.
  const { db, schema } = await openProjectorDb(embeddedDb(config, dataDir, mode)).catch(
    async (error: unknown) => {
      await bus.close();
      throw error;
    },
  );
  const keyDir = keyDirectory();
  // The first five minutes: only the embedded default makes its own keys; on Kafka, `keys init` does.
  const create = mode === 'embedded';
  const tiering = ModelTiering.load();
  const llm = createLlmProvider({ prices: tiering.prices });
  // The demo is its own operator: it signs the registrations of its agents and its case desk.
  const operator = localOperator(config, keyDir, { create });
  const operatorKeys = operator.keys;
  const stops: (() => Promise<void>)[] = [];
  const registrations: Registration[] = [];
  for (const agent of bankingAgents) {
    const identity = loadIdentity(agent.name, keyDir, { create });
    registrations.push(registrationOf(agent, identity.publicKeyPem, Date.now()));
    const running = await startAgent({ bus, codec, names, agent, identity, llm, operatorKeys });
    stops.push(() => running.stop());
  }
  const caseDesk = caseDeskIdentity({ create });
  registrations.push(caseDeskRegistration(caseDesk.publicKeyPem, Date.now()));
  await bus.send(
    await Promise.all(registrations.map((entry) => registrationRecord(codec, names, entry, operator.signer))),
  );
  const composite = loadComposite(config.SWARMGATE_POLICY);
  const gate = await startGate({ bus, codec, names, composite, operatorKeys });
  const auditKeys = loadSigningKey({ keyDir }, { create });
  const auditKey: KeyObject = auditKeys.privateKey;
  const projector = await startProjector({ bus, codec, names, db, schema, checkpointKey: auditKey });
  const inventory = await followInventory(bus, codec, names, operatorKeys);
  const { auth, authority } = apiAuth(config, keyDir);
  // The dashboard's kill switches sign as this demo's operator; its audit page verifies the projector's checkpoints.
  const app = buildApi({
    ...{ db, schema, bus, codec, names, inventory, auth, humanSigner: caseDesk },
    operatorSigner: operator.signer,
    auditKey: auditKeys.publicKey,
  });
  const url = await app.listen({ port, host: '127.0.0.1' });
  return {
    mode,
    dataDir,
    bus,
    codec,
    names,
    db,
    schema,
    url,
    tokenAuthority: authority,
    stop: async () => {
      await app.close();
      await inventory.stop();
      await gate.stop();
      await Promise.all(stops.map((stop) => stop()));
      await projector.stop();
      await bus.close();
      await db.close();
    },
  };
}
