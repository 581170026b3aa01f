// The short broker-failure chaos run for CI: the multi-process swarm (2 gates, 2 projectors, an
// instance of each agent) on a 3-node KRaft cluster of this test's own (RF 3, min.insync 2),
// with one broker SIGKILLed, then two, while workflows and component kills go on. No process
// may need an outside restart; nothing lost, nothing proposed or delivered twice.
import { afterAll, describe, it } from 'vitest';
import { brokerKills } from './chaos/brokers.ts';
import { expectInvariantsHeld } from './chaos/expect.ts';
import { runChaos } from './chaos/run.ts';
import { startCluster, type Cluster } from './support/cluster.ts';
import { services } from './support/services.ts';

describe('chaos on a 3-broker cluster', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    'loses nothing, repeats nothing and no process exits while brokers are killed one and two at a time',
    async () => {
      cluster = await startCluster(3);
      const report = await runChaos({
        workflows: 400,
        kills: 2,
        rate: 8,
        instances: { gates: 2, agents: 1, projectors: 2 },
        replication: { factor: 3, minInsync: 2 },
        disturb: brokerKills({ brokers: 3, kills: [1, 2], downMs: 5_000, env: cluster.env }),
        brokers: cluster.brokers,
        registryUrl: services.registryUrl,
        databaseUrl: services.databaseUrl,
      });

      expectInvariantsHeld(report);
    },
    30 * 60_000,
  );
});
