import type { Registry } from 'prom-client';
import { KafkaBus } from '../bus/kafka/index.ts';
import type { Bus } from '../bus/port.ts';
import { topicNames, type TopicNames } from '../bus/topics.ts';
import { Codec } from '../schemas/codec.ts';
import { ConfigError, kafkaSettings, onKafka, type Config } from './config.ts';
import { serveHealth } from './health-server.ts';

export interface Connected<B extends Bus = KafkaBus> {
  readonly bus: B;
  readonly codec: Codec;
  readonly names: TopicNames;
}

/** Why a Kafka-only process cannot join the embedded swarm: its `what` runs inside `swarmgate up`. */
export const runsInUp = (what: string) =>
  `the embedded swarm runs its ${what} inside \`swarmgate up\` (its log is in that process; nothing else can join it): set KAFKA_BROKERS and SCHEMA_REGISTRY_URL to run one on Kafka`;

/** For a command with no embedded counterpart: `embedded` says why, when Kafka is not configured. */
export function requireKafka(config: Config, embedded: string): void {
  if (!onKafka(config)) throw new ConfigError(embedded);
}

/** The Kafka bus and the registry codec for a process, with every schema registered. */
export async function connectKafka(config: Config, clientId: string): Promise<Connected> {
  const { brokers, registryUrl } = kafkaSettings(config);
  const codec = Codec.connect(registryUrl);
  await codec.registerAll();
  return {
    bus: new KafkaBus({ brokers, clientId }),
    codec,
    names: topicNames(config.SWARMGATE_TOPIC_PREFIX),
  };
}

/** Stops `stop` on SIGINT/SIGTERM, letting the transaction in flight finish first. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing the transaction in flight, then stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}

/**
 * Serves /healthz and, from `registry` (the process's), /metrics for `component` when
 * SWARMGATE_HEALTH_PORT is set; returns its closer.
 */
export async function healthEndpoint(
  config: Config,
  bus: KafkaBus,
  component: string,
  registry: Registry,
): Promise<() => Promise<void>> {
  if (config.SWARMGATE_HEALTH_PORT === undefined) return () => Promise.resolve();
  const server = await serveHealth(bus.health, component, registry, {
    port: config.SWARMGATE_HEALTH_PORT,
    host: config.SWARMGATE_HTTP_HOST,
  });
  console.error(JSON.stringify({ event: 'health.ready', component, url: server.url }));
  return () => server.close();
}
