import type { Command } from 'commander';
import { auditTopics, topicSpecs } from '../../bus/topics.ts';
import { loadConfig } from '../config.ts';
import { connectKafka, requireKafka } from '../connect.ts';
import { replicationFor } from '../topic-replication.ts';
import { agentList, agentsOption, positive } from '../options.ts';

interface TopicsOptions {
  readonly agents: string;
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
  readonly allowSingleReplicaAudit?: boolean;
  readonly auditRetentionMs?: number;
  readonly workflowRetentionMs?: number;
}

export function topicsCommand(program: Command): void {
  program
    .command('topics')
    .description(
      'create every swarmgate topic (idempotent) with explicit retention and replication, and list them',
    )
    .addOption(agentsOption('whose inbox topics to create'))
    .option(
      '--replication-factor <n>',
      'copies of every partition (default: 3, or the number of brokers when fewer)',
      positive('--replication-factor'),
    )
    .option(
      '--min-insync-replicas <n>',
      'in-sync replicas an acknowledged write needs (default: 2 with 3 replicas, else 1)',
      positive('--min-insync-replicas'),
    )
    .option(
      '--allow-single-replica-audit',
      'accept audit topics at replication factor 1 on a multi-broker cluster (refused otherwise)',
    )
    .option(
      '--audit-retention-ms <ms>',
      'keep the audit topics this long instead of forever (longer than the retention obligation)',
      positive('--audit-retention-ms'),
    )
    .option(
      '--workflow-retention-ms <ms>',
      'keep ingress, proposed and the inboxes this long (default 7 days)',
      positive('--workflow-retention-ms'),
    )
    .addHelpText(
      'after',
      '\nExample:\n  SWARMGATE_PARTITIONS=12 swarmgate topics --agents fraud,advisor --replication-factor 3 --min-insync-replicas 2',
    )
    .action(async (options: TopicsOptions) => {
      const config = loadConfig();
      requireKafka(
        config,
        'topics administers Kafka; the embedded swarm (`swarmgate up`) creates its topics itself, in its data directory: set KAFKA_BROKERS and SCHEMA_REGISTRY_URL to create them on Kafka',
      );
      const { bus, names } = await connectKafka(config, 'swarmgate-topics');
      try {
        const admin = bus.kafka.admin();
        await admin.connect();
        const { brokers } = await admin.describeCluster().finally(() => admin.disconnect());
        const replication = replicationFor(brokers.length, options);
        if (replication.warning) console.error(replication.warning);
        const specs = topicSpecs(names, {
          partitions: config.SWARMGATE_PARTITIONS,
          agents: agentList(options.agents),
          ...replication,
          auditRetentionMs: options.auditRetentionMs,
          workflowRetentionMs: options.workflowRetentionMs,
        });
        await bus.createTopics(specs);
        const audit = new Set(auditTopics(names));
        for (const spec of specs)
          console.log(
            [
              spec.topic,
              `partitions=${spec.partitions}`,
              `replicas=${spec.replicationFactor ?? 'default'}`,
              ...Object.entries(spec.config ?? {}).map(([name, value]) => `${name}=${value}`),
              ...(audit.has(spec.topic) ? ['audit'] : []),
            ].join('\t'),
          );
      } finally {
        await bus.close();
      }
    });
}
