import type { Command } from 'commander';
import { startGate } from '../../orchestrator/gate/index.ts';
import { loadComposite } from '../../orchestrator/policy/composite.ts';
import { loadConfig } from '../config.ts';
import { processRegistry } from '../../bus/process-metrics.ts';
import { connectKafka, healthEndpoint, stopOnSignals } from '../connect.ts';
import { operatorKeys } from '../operator.ts';

export function gateCommand(program: Command): void {
  program
    .command('gate')
    .description('run a gate instance: evaluate every proposal and deliver it in one Kafka transaction')
    .option('--policy <file>', 'policy YAML (default: SWARMGATE_POLICY or orchestrator/policies.yaml)')
    .addHelpText(
      'after',
      '\nExamples:\n  KAFKA_BROKERS=kafka:9092 SCHEMA_REGISTRY_URL=http://registry:8081/apis/ccompat/v7 swarmgate gate\n  swarmgate gate --policy /etc/swarmgate/policies.yaml   # scale out: start more instances',
    )
    .action(async (options: { policy?: string }) => {
      const config = loadConfig();
      const composite = loadComposite(options.policy ?? config.SWARMGATE_POLICY);
      const keys = operatorKeys(config);
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-gate');
      const metrics = processRegistry('gate', bus.health);
      const closeHealth = await healthEndpoint(config, bus, 'gate', metrics);
      const gate = await startGate({
        metrics,
        bus,
        codec,
        names,
        composite,
        operatorKeys: keys,
        instanceId: config.SWARMGATE_INSTANCE,
        // Only an error that is not retriable: Kafka failures are recovered from in the bus.
        onCrash: (error) => {
          console.error('gate stopped:', error);
          process.exit(1);
        },
      });
      console.log(
        JSON.stringify({
          event: 'gate.ready',
          policyVersion: composite.version,
          agents: gate.directory.inventory().length,
        }),
      );
      stopOnSignals(async () => {
        await gate.stop();
        await closeHealth();
        await bus.close();
      });
    });
}
