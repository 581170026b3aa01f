import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { kafkaSecurityFromEnv } from './security.ts';

export interface KafkaBusConfig {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /**
   * Extra kafkajs settings for a real cluster: ssl, sasl, timeouts. Without sasl and ssl here,
   * both come from KAFKA_SASL_* and KAFKA_SSL* (bus/kafka/security.ts).
   */
  readonly client?: Partial<KafkaConfig>;
}

// kafkajs logs through its own logger; route warnings and errors to stderr as one JSON line each.
function logCreator() {
  return ({ namespace, level, log }: LogEntry) => {
    if (level > logLevel.WARN) return;
    // Per-request protocol errors are retried by kafkajs; a failure that matters rejects the call.
    if (namespace === 'Connection' && String(log.message).startsWith('Response ')) return;
    // Retries are bounded on purpose: a failed transactional send aborts and the batch is redelivered.
    if (String(log.message).startsWith('Limiting retries for the idempotent producer')) return;
    const { message, ...extra } = log;
    process.stderr.write(`${JSON.stringify({ level: logLevel[level], namespace, message, ...extra })}\n`);
  };
}

/**
 * kafkajs' own retries for one request: 100 ms doubling to at most 2 s, about 10 s in all. When
 * they run out, the bus's supervisors take over (bus/kafka/consumer.ts, index.ts), so a client
 * waits at most a few seconds once the brokers are back instead of kafkajs' default of 30 s.
 */
export const clientRetry = { initialRetryTime: 100, maxRetryTime: 2_000, retries: 8 } as const;

export function createKafka(config: KafkaBusConfig): Kafka {
  const explicit = config.client?.sasl !== undefined || config.client?.ssl !== undefined;
  return new Kafka({
    clientId: config.clientId ?? 'swarmgate',
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
    logCreator,
    retry: clientRetry,
    ...(explicit ? {} : kafkaSecurityFromEnv()),
    ...config.client,
  });
}

/** Consumer settings tuned for latency: fetches return as soon as one record is there. */
export const lowLatencyConsumer = {
  maxWaitTimeInMs: 50,
  minBytes: 1,
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 1_000,
  allowAutoTopicCreation: false,
} as const;
