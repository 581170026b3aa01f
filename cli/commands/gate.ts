import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { processRegistry } from '../../bus/process-metrics.ts';
import { connectKafka, healthEndpoint, requireKafka, runsInUp, stopOnSignals } from '../connect.ts';
import { operatorKeys } from '../operator.ts';
import { policyOption } from '../options.ts';
import { gatePolicy, startGateComponent, type GateOptions } from '../start/gate.ts';

export function gateCommand(program: Command): void {
  program
    .command('gate')
    .description('run a gate instance: evaluate every proposal and deliver it in one Kafka transaction')
    .addOption(policyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  KAFKA_BROKERS=kafka:9092 SCHEMA_REGISTRY_URL=http://registry:8081/apis/ccompat/v7 swarmgate gate\n  swarmgate gate --policy /etc/swarmgate/policies.yaml   # scale out: start more instances',
    )
    .action(async (options: GateOptions) => {
      const config = loadConfig();
      requireKafka(config, runsInUp('gate'));
      gatePolicy(config, options); // a bad policy file is named before anything connects
      const keys = operatorKeys(config);
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-gate');
      const metrics = processRegistry('gate', bus.health);
      const closeHealth = await healthEndpoint(config, bus, 'gate', metrics);
      const context = { bus, codec, names, config, operatorKeys: keys, metrics };
      const gate = await startGateComponent(context, options);
      console.log(JSON.stringify(gate.ready));
      stopOnSignals(async () => {
        await gate.stop();
        await closeHealth();
        await bus.close();
      });
    });
}
