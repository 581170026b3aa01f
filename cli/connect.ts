import type { Registry } from 'prom-client';
import { processRegistry } from '../bus/process-metrics.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { retrying } from '../bus/retry.ts';
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

/** A component's process as `startOnKafka` gives it to the component's start. */
export interface OnKafka extends Connected {
  /** The process's Prometheus registry, served on /metrics with /healthz (SWARMGATE_HEALTH_PORT). */
  readonly metrics: Registry;
  /** Closes `close` with the process, before the bus (or after a failed start). */
  onClose(close: () => Promise<void>): void;
}

/**
 * Connects a long-running component (gate, agent, projector) and starts it, again for as long as
 * Kafka or the schema registry does not answer: a start that fails on a retriable error (brokers
 * down, a partition without a leader) closes its bus, and with it everything it opened, and
 * tries afresh after a backoff, so a process started during an outage waits for the cluster
 * instead of exiting. Any other failure is thrown. Resolves with the component's `stop`, which
 * also closes the health endpoint and the bus.
 */
export async function startOnKafka<T>(
  config: Config,
  { component, clientId }: { readonly component: string; readonly clientId: string },
  start: (kafka: OnKafka) => Promise<T & { stop(): Promise<void> }>,
): Promise<T & { stop(): Promise<void> }> {
  const attempt = async () => {
    const connected = await connectKafka(config, clientId);
    const closers: (() => Promise<void>)[] = [() => connected.bus.close()];
    const closeAll = async () => {
      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    };
    try {
      const metrics = processRegistry(component, connected.bus.health);
      closers.push(await healthEndpoint(config, connected.bus, component, metrics));
      const onClose = (close: () => Promise<void>) => void closers.push(close);
      const started = await start({ ...connected, metrics, onClose });
      return { ...started, stop: async () => (await started.stop(), await closeAll()) };
    } catch (error) {
      await closeAll();
      throw error;
    }
  };
  return retrying(attempt, {
    // On stdout beside the component's `ready` line: what an operator's log shipper reads.
    onRetry: (error, attempts, delayMs) =>
      console.log(
        JSON.stringify({
          event: `${component}.waiting`,
          attempts,
          retryInMs: delayMs,
          reason: String(error),
        }),
      ),
  });
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
