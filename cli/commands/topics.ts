import type { Command } from 'commander';
import { topicSpecs } from '../../bus/topics.ts';
import { loadConfig } from '../config.ts';
import { connectKafka } from '../connect.ts';

export function topicsCommand(program: Command): void {
  program
    .command('topics')
    .description('create every swarmgate topic (idempotent) and list them with partitions')
    .option(
      '--agents <names>',
      'comma-separated agents whose inbox topics to create',
      'analyst,fraud,aml-monitor,advisor,compliance,responder',
    )
    .addHelpText('after', '\nExample:\n  SWARMGATE_PARTITIONS=12 swarmgate topics --agents fraud,advisor')
    .action(async (options: { agents: string }) => {
      const config = loadConfig();
      const { bus, names } = await connectKafka(config, 'swarmgate-topics');
      const specs = topicSpecs(names, {
        partitions: config.SWARMGATE_PARTITIONS,
        agents: options.agents.split(',').filter(Boolean),
      });
      await bus.createTopics(specs);
      for (const spec of specs)
        console.log(`${spec.topic}\tpartitions=${spec.partitions}${spec.compacted ? '\tcompacted' : ''}`);
      await bus.close();
    });
}
