// A process started while the cluster has lost its majority waits for it instead of exiting:
// the gate, an agent and the projector are started with two of three brokers down (no partition
// can elect a leader), the gate says it is waiting, and once the brokers are back every one of
// them is ready without an outside restart.
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { brokerCommand } from './chaos/brokers.ts';
import type { Child } from './support/child.ts';
import { startCli } from './support/cli.ts';
import { startCluster, type Cluster } from './support/cluster.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

describe('a process started during a broker outage', () => {
  let cluster: Cluster | undefined;
  const children: Child[] = [];
  afterAll(async () => {
    await Promise.allSettled(children.map((child) => child.kill()));
    await cluster?.stop();
  });

  it('waits for the brokers and is ready once they are back: gate, agent and projector', async () => {
    // Given a 3-node cluster with the swarm's topics (3 copies, 2 in sync), and two nodes killed
    cluster = await startCluster(3);
    const prefix = `${uniqueName('outage')}.`;
    const env = {
      KAFKA_BROKERS: cluster.brokers.join(','),
      SCHEMA_REGISTRY_URL: services.registryUrl,
      DATABASE_URL: services.databaseUrl,
      SWARMGATE_TOPIC_PREFIX: prefix,
      SWARMGATE_PROJECTOR_SCHEMA: uniqueName('outage').replaceAll('-', '_'),
      SWARMGATE_KEY_DIR: initializedKeyDir(['fraud']),
      ...testOperator().env,
    };
    const bus = new KafkaBus({ brokers: [...cluster.brokers] });
    await Codec.connect(services.registryUrl).registerAll();
    const layout = { partitions: 3, agents: ['fraud'], replicationFactor: 3, minInsyncReplicas: 2 };
    await bus.createTopics(topicSpecs(topicNames(prefix), layout));
    await bus.close();
    await brokerCommand({ ...process.env, ...cluster.env }, 'kill', [2, 3]);

    // When a gate, an agent and a projector are started
    const gate = startCli(['gate'], env);
    const agent = startCli(['agent', 'fraud'], env);
    const projector = startCli(['projector'], env);
    children.push(gate, agent, projector);

    // Then the gate says it waits for the cluster (and does not exit)
    const waiting = JSON.parse(await gate.waitForLine(/"event":"gate\.waiting"/)) as Record<string, unknown>;
    expect(waiting.attempts).toBe(1);
    expect(String(waiting.reason)).toMatch(/Kafka|broker|leader|ECONNREFUSED/i);

    // And once the brokers are back, each of them is ready, none having exited
    await brokerCommand({ ...process.env, ...cluster.env }, 'start', [2, 3]);
    await Promise.all([
      gate.waitForLine(/gate\.ready/),
      agent.waitForLine(/agent\.ready/),
      projector.waitForLine(/projector\.ready/),
    ]);
    expect(children.map((child) => child.process.exitCode)).toEqual([null, null, null]);
  }, 600_000);
});
