import type { Command } from 'commander';
import { createKafka } from '../../bus/kafka/config.ts';
import { topicNames } from '../../bus/topics.ts';
import { aclPlan, aclPrincipals, aclTable, applyAcls } from '../acls.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { agentList, agentsOption } from '../options.ts';

interface AclsOptions {
  readonly agents: string;
  readonly principal: string[];
  readonly dryRun?: boolean;
}

export function aclsCommand(program: Command): void {
  program
    .command('acls')
    .description('grant each component principal its least Kafka privileges (idempotent) and print them')
    .addOption(agentsOption('to grant, one principal each'))
    .option(
      '--principal <role=principal>',
      'a principal other than User:<role or agent>, repeatable (default: SWARMGATE_ACL_PRINCIPALS, ";"-separated)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--dry-run', 'print the ACLs without applying them')
    .addHelpText(
      'after',
      [
        '',
        'Roles: gate, projector, api, upstream, operator, and one per agent. Run it as a Kafka admin',
        '(KAFKA_SASL_USERNAME of a super user); SWARMGATE_TOPIC_PREFIX selects the installation.',
        '',
        'Examples:',
        '  swarmgate acls --dry-run',
        '  swarmgate acls --principal gate=User:CN=gate,OU=payments --principal upstream=User:core-banking',
      ].join('\n'),
    )
    .action(async (options: AclsOptions) => {
      const config = loadConfig();
      const principals = aclPrincipals(
        agentList(options.agents),
        options.principal.length > 0
          ? options.principal
          : (process.env.SWARMGATE_ACL_PRINCIPALS ?? '').split(';').filter(Boolean),
      );
      const plan = aclPlan(topicNames(config.SWARMGATE_TOPIC_PREFIX), principals);
      if (!options.dryRun) {
        if (!config.KAFKA_BROKERS)
          throw new ConfigError(
            'acls grants Kafka ACLs; the embedded swarm (`swarmgate up`) has no broker and no principals to grant: set KAFKA_BROKERS (or use --dry-run to print the plan)',
          );
        const admin = createKafka({
          brokers: config.KAFKA_BROKERS.split(','),
          clientId: 'swarmgate-acls',
        }).admin();
        await admin.connect();
        try {
          await applyAcls(admin, plan);
        } finally {
          await admin.disconnect();
        }
      }
      console.log(aclTable(plan));
      if (!options.dryRun) console.error(`applied ${plan.length} grants`);
    });
}
