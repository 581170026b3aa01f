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
    .option(
      '--min-insync-replicas <n>',
      'in-sync replicas an acknowledged write to sg.decisions needs (e.g. 2 with 3 replicas)',
      (value) => Number.parseInt(value, 10),
    )
    .option(
      '--audit-retention-ms <ms>',
      'keep sg.decisions this long instead of forever (longer than the retention obligation)',
      (value) => Number.parseInt(value, 10),
    )
    .addHelpText(
      'after',
      '\nExample:\n  SWARMGATE_PARTITIONS=12 swarmgate topics --agents fraud,advisor --min-insync-replicas 2',
    )
    .action(async (options: { agents: string; minInsyncReplicas?: number; auditRetentionMs?: number }) => {
      const config = loadConfig();
      const { bus, names } = await connectKafka(config, 'swarmgate-topics');
      const specs = topicSpecs(names, {
        partitions: config.SWARMGATE_PARTITIONS,
        agents: options.agents.split(',').filter(Boolean),
        minInsyncReplicas: options.minInsyncReplicas,
        auditRetentionMs: options.auditRetentionMs,
      });
      await bus.createTopics(specs);
      for (const spec of specs)
        console.log(`${spec.topic}\tpartitions=${spec.partitions}${spec.compacted ? '\tcompacted' : ''}`);
      await bus.close();
    });
}
