import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { requireKafka, runsInUp, startOnKafka, stopOnSignals } from '../connect.ts';
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
      const gate = await startOnKafka(config, { component: 'gate', clientId: 'swarmgate-gate' }, (kafka) =>
        startGateComponent({ ...kafka, config, operatorKeys: keys }, options),
      );
      console.log(JSON.stringify(gate.ready));
      stopOnSignals(() => gate.stop());
    });
}
