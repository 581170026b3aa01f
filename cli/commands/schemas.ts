import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { connectKafka, requireKafka } from '../connect.ts';

export function schemasCommand(program: Command): void {
  program
    .command('schemas')
    .description('register every Avro schema (BACKWARD compatibility per subject) and print the ids')
    .addHelpText(
      'after',
      '\nExample:\n  SCHEMA_REGISTRY_URL=http://registry:8081/apis/ccompat/v7 swarmgate schemas',
    )
    .action(async () => {
      const config = loadConfig();
      requireKafka(
        config,
        'schemas registers with the schema registry; the embedded swarm (`swarmgate up`) has every schema built in: set KAFKA_BROKERS and SCHEMA_REGISTRY_URL to register them',
      );
      const { codec, bus } = await connectKafka(config, 'swarmgate-schemas');
      for (const [subject, id] of await codec.registerAll()) console.log(`${subject}\tid=${id}`);
      await bus.close();
    });
}
