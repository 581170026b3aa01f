// The broker-failure disturbance of the chaos run: rounds of SIGKILLs at nodes of the Kafka cluster
// `infra/up.sh --brokers N` started, one or two nodes at a time, each round started again through
// infra/broker.sh once it has been down a while. With 3 nodes, 2 down leave the controller quorum
// and every partition (min.insync 2) without a majority: writes wait until they are back.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../bus/kafka/security.ts';
import { retrying, sleep } from '../../bus/retry.ts';
import type { Disturbance } from './run.ts';

const brokerScript = fileURLToPath(new URL('../../infra/broker.sh', import.meta.url));

export interface BrokerRound {
  /** 0-based. */
  readonly index: number;
  /** Node numbers, as infra/broker.sh takes them. */
  readonly victims: readonly number[];
  readonly killedAt: number;
  /** When every partition had a leader and all its replicas in sync again. */
  readonly recoveredAt: number;
}

export interface BrokerKillOptions {
  /** Nodes in the cluster (`infra/up.sh --brokers N`). */
  readonly brokers: number;
  /** How many nodes each round kills at once, e.g. [1, 2]: one round per entry. */
  readonly kills: readonly (1 | 2)[];
  /** How long the killed nodes stay down. */
  readonly downMs: number;
  /**
   * infra/'s settings for this cluster (SWARMGATE_STATE_DIR, SWARMGATE_KAFKA_PORT, ...) and how to
   * reach it (KAFKA_BROKERS, KAFKA_SASL_*), over the process's own environment.
   */
  readonly env?: Record<string, string>;
  /** Told about each round once the cluster has recovered from it. */
  readonly onRound?: (round: BrokerRound) => void;
}

/** Runs infra/broker.sh; rejects with the end of its output when it fails. */
export function brokerCommand(env: NodeJS.ProcessEnv, action: 'kill' | 'start', nodes: readonly number[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [brokerScript, action, ...nodes.map(String)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000)));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`infra/broker.sh ${action} ${nodes.join(' ')}: ${output}`)),
    );
  });
}

const notYet = (message: string) => Object.assign(new Error(message), { retriable: true });

/**
 * Resolves once the cluster answers and every partition of every topic (the internal ones too) has
 * a leader and all its replicas in sync, so the next round starts from a whole cluster.
 */
async function clusterRecovered(env: NodeJS.ProcessEnv): Promise<void> {
  const brokers = env.KAFKA_BROKERS?.split(',');
  if (!brokers) throw new Error('brokerKills needs KAFKA_BROKERS of the cluster it disturbs');
  const kafka = new Kafka({
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    ...kafkaSecurityFromEnv(env),
  });
  await retrying(
    async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const { topics } = await admin.fetchTopicMetadata({ topics: await admin.listTopics() });
        const behind = topics.flatMap(({ name, partitions }) =>
          partitions
            .filter(({ leader, isr, replicas }) => leader < 0 || isr.length < replicas.length)
            .map(({ partitionId }) => `${name}-${partitionId}`),
        );
        if (behind.length > 0)
          throw notYet(
            `${behind.length} partitions without a leader or a full ISR: ${behind.slice(0, 5).join(', ')}`,
          );
      } finally {
        await admin.disconnect();
      }
    },
    { attempts: 300, backoff: { initialMs: 200, maxMs: 1_000 } },
  );
}

/** The disturbance hook: `kills.length` rounds spread over the run's span, victims rotating. */
export function brokerKills(options: BrokerKillOptions): Disturbance {
  if (options.kills.some((count) => count >= options.brokers))
    throw new Error(`brokerKills: a round must leave one of the ${options.brokers} nodes running`);
  const env = { ...process.env, ...options.env };
  return async ({ spanMs, log }) => {
    const began = Date.now();
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const at = () => `t=${seconds(Date.now() - began)}`;
    let next = 0;
    for (const [index, count] of options.kills.entries()) {
      const due = began + (spanMs * (index + 0.5)) / options.kills.length;
      if (due > Date.now()) await sleep(due - Date.now());
      const victims = Array.from({ length: count }, (_, k) => ((next + k) % options.brokers) + 1);
      next += count;
      const round = `brokers: round ${index + 1}/${options.kills.length}`;
      const killedAt = Date.now();
      await brokerCommand(env, 'kill', victims);
      log(`${round}: ${at()} SIGKILLed node ${victims.join(' and ')}; down for ${seconds(options.downMs)}`);
      await sleep(options.downMs - (Date.now() - killedAt));
      const startedAt = Date.now();
      await brokerCommand(env, 'start', victims);
      log(
        `${round}: ${at()} node ${victims.join(' and ')} answering after ${seconds(Date.now() - startedAt)}`,
      );
      await clusterRecovered(env);
      const recoveredAt = Date.now();
      log(
        `${round}: ${at()} every partition led and in sync, ${seconds(recoveredAt - killedAt)} after the kill`,
      );
      options.onRound?.({ index, victims, killedAt, recoveredAt });
    }
  };
}
