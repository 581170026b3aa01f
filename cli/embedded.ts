// How a command finds the embedded swarm of `swarmgate up`. While `up` runs, its data directory is
// locked (bus/memory/dir-lock.ts) and its log and PGlite are that process's alone: the command goes
// through its API, whose address `up` leaves in the directory. Once `up` has stopped, the command
// opens the directory itself.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { lockHolder } from '../bus/memory/dir-lock.ts';
import { MemoryBus } from '../bus/memory/index.ts';
import type { Bus } from '../bus/port.ts';
import { topicNames } from '../bus/topics.ts';
import { embeddedLogDir } from '../projector/settings.ts';
import { Codec } from '../schemas/codec.ts';
import { ApiClient } from './api-client.ts';
import { ConfigError, dataDirectory, loadConfig, onKafka, type Config } from './config.ts';
import { connectKafka, type Connected } from './connect.ts';
import type { SwarmReach } from './options.ts';

const API_FILE = 'api.json';
const advertised = z.object({ url: z.url(), pid: z.number().int() });

/** Where `up` serves its API, for the commands run beside it; removed when it stops. */
export function advertiseApi(dataDir: string, url: string): () => void {
  const path = join(dataDir, API_FILE);
  writeFileSync(path, JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
  return () => rmSync(path, { force: true });
}

export interface RunningSwarm {
  readonly dataDir: string;
  readonly pid: number;
  readonly url: URL;
}

/** The embedded swarm running on this data directory, if one does (never on Kafka or PostgreSQL). */
export function runningSwarm(config: Config, dataDirFlag?: string): RunningSwarm | undefined {
  if (onKafka(config) || config.DATABASE_URL) return undefined;
  const dataDir = dataDirectory(config, dataDirFlag);
  const pid = lockHolder(embeddedLogDir(dataDir));
  if (pid === undefined) return undefined;
  const file = join(dataDir, API_FILE);
  const parsed = existsSync(file) ? advertised.safeParse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
  if (!parsed?.success || parsed.data.pid !== pid)
    throw new ConfigError(
      `swarmgate up (process ${pid}) holds ${dataDir} but its API is not serving yet: wait until it prints "Serving", then try again`,
    );
  return { dataDir, pid, url: new URL(parsed.data.url) };
}

/** A token for the running swarm's API: --token or SWARMGATE_TOKEN, never assumed. */
export function swarmClient(
  swarm: { readonly url: URL },
  token: string | undefined,
  role: string,
): ApiClient {
  if (!token)
    throw new ConfigError(
      `the swarm is running (API ${swarm.url.href}): this command goes through its API and needs a bearer token with role ${role}: --token or SWARMGATE_TOKEN (\`swarmgate token --sub <you> --roles ${role} --tenants '*'\`)`,
    );
  return new ApiClient(swarm.url, token);
}

/**
 * The log of a stopped embedded swarm, opened (and locked) by this command; undefined on Kafka.
 * A running swarm's is refused: it goes through the API.
 */
export async function stoppedSwarmLog(
  config: Config,
  dataDirFlag?: string,
  whileRunning = 'go through its API',
): Promise<Connected<MemoryBus> | undefined> {
  if (onKafka(config)) return undefined;
  const dataDir = dataDirectory(config, dataDirFlag);
  const logDir = embeddedLogDir(dataDir);
  if (!existsSync(logDir))
    throw new ConfigError(
      `no Kafka (KAFKA_BROKERS, SCHEMA_REGISTRY_URL) and no embedded swarm at ${dataDir} (--data-dir, SWARMGATE_DATA_DIR)`,
    );
  const holder = lockHolder(logDir);
  if (holder !== undefined)
    throw new ConfigError(`${dataDir} is in use by swarmgate up (process ${holder}): ${whileRunning}`);
  const codec = Codec.embedded();
  await codec.registerAll();
  return { bus: new MemoryBus({ dataDir: logDir }), codec, names: topicNames(config.SWARMGATE_TOPIC_PREFIX) };
}

/** The environment with the data directory a command was pointed at, for the projector's settings. */
export const withDataDir = (flag: string | undefined): NodeJS.ProcessEnv =>
  flag === undefined ? process.env : { ...process.env, SWARMGATE_DATA_DIR: flag };

/** The API of --api, or of the swarmgate up running on the data directory; undefined for the store. */
export function reachedApi(flags: SwarmReach, role: string): ApiClient | undefined {
  const running = flags.api ? { url: flags.api } : runningSwarm(loadConfig(), flags.dataDir);
  return running && swarmClient(running, flags.token, role);
}

/**
 * For a command that writes signed records to the log (publish, kill, resume, agents): Kafka, or
 * the data directory of a stopped embedded swarm, whose next start acts on them.
 */
export async function connectLog(config: Config, clientId: string, command: string): Promise<Connected<Bus>> {
  const whileRunning = `only that process may open its log; stop it, run \`swarmgate ${command}\` again, and start it (it acts on the records then)`;
  return (await stoppedSwarmLog(config, undefined, whileRunning)) ?? connectKafka(config, clientId);
}
