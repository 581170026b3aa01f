import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createBankingAgents, defaultBankingConfig, loadBankingConfig } from '../../agents/banking/index.ts';
import { createLlmProvider } from '../../agents/llm/factory.ts';
import { ModelTiering } from '../../agents/llm/tiering.ts';
import { loadIdentity, startAgent } from '../../agents/runtime/index.ts';
import { topicSpecs } from '../../bus/topics.ts';
import { ConfigError, keyDirectory, loadConfig } from '../config.ts';
import { processRegistry } from '../../bus/process-metrics.ts';
import { connectKafka, healthEndpoint, stopOnSignals } from '../connect.ts';
import { operatorKeys } from '../operator.ts';

/** A commander option parser for a positive integer, naming the flag when it is not one. */
export const positive = (flag: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new ConfigError(`${flag} must be a positive integer, got "${value}"`);
  return number;
};

interface AgentOptions {
  readonly config?: string;
  readonly deadlineMs: number;
  readonly budgetMicros: number;
}

export function agentCommand(program: Command): void {
  const names = createBankingAgents().map((agent) => agent.name);
  program
    .command('agent')
    .description('run one banking agent: consume its inbox exactly once, propose its outputs to sg.proposed')
    .argument('<name>', `one of ${names.join(', ')}`)
    .option('--config <file>', 'banking thresholds YAML (defaults built in)')
    .option(
      '--deadline-ms <ms>',
      'time one decision may take before the fallback answers',
      positive('--deadline-ms'),
      5_000,
    )
    .option(
      '--budget-micros <micros>',
      'what the agent lets one workflow spend',
      positive('--budget-micros'),
      2_000_000,
    )
    .addHelpText(
      'after',
      [
        '',
        'Keys: SWARMGATE_AGENT_KEY_<NAME> (PEM) or SWARMGATE_KEY_DIR/<name>.pem (default ~/.swarmgate/keys, made by `swarmgate keys init`).',
        'The agent announces itself as a request; it receives nothing until an operator signs its registration',
        '(`swarmgate agents approve <name> --fingerprint <fp>`). SWARMGATE_OPERATOR_KEYS: the operator keys its drills must be signed by.',
        'Model: LLM_BASE_URL (OpenAI-compatible, behind a circuit breaker) or the scripted model when unset.',
        '',
        'Examples:',
        '  swarmgate agent fraud',
        '  LLM_BASE_URL=http://127.0.0.1:11434/v1 swarmgate agent advisor --deadline-ms 20000',
      ].join('\n'),
    )
    .action(async (name: string, options: AgentOptions) => {
      const config = loadConfig();
      const banking = options.config
        ? loadBankingConfig(readFileSync(options.config, 'utf8'))
        : defaultBankingConfig;
      const tiering = ModelTiering.load();
      const agent = createBankingAgents({ config: banking, tiering }).find(
        (candidate) => candidate.name === name,
      );
      if (!agent) throw new ConfigError(`unknown agent "${name}"; one of ${names.join(', ')}`);
      const identity = loadIdentity(name, keyDirectory());
      const llm = createLlmProvider({ prices: tiering.prices });
      const { bus, codec, names: topics } = await connectKafka(config, `swarmgate-agent-${name}`);
      await bus.createTopics(topicSpecs(topics, { partitions: config.SWARMGATE_PARTITIONS, agents: [name] }));
      const metrics = processRegistry(`agent_${name}`, bus.health);
      const closeHealth = await healthEndpoint(config, bus, `agent_${name}`, metrics);
      const running = await startAgent({
        metrics,
        bus,
        codec,
        names: topics,
        agent,
        identity,
        llm,
        operatorKeys: operatorKeys(config),
        deadlineMs: options.deadlineMs,
        budgetMicros: options.budgetMicros,
        onCrash: (error) => {
          console.error(`agent ${name} stopped:`, error);
          process.exit(1);
        },
        onHandled: (event, failure) => {
          if (failure)
            console.error(
              JSON.stringify({
                event: 'agent.fallback',
                agent: name,
                eventId: event.id,
                eventType: event.type,
                failure,
              }),
            );
        },
      });
      console.log(
        JSON.stringify({
          event: 'agent.ready',
          agent: name,
          version: agent.version,
          inbox: topics.inbox(name),
          llm: process.env.LLM_BASE_URL ? 'http' : 'scripted',
          pid: process.pid,
        }),
      );
      stopOnSignals(async () => {
        await running.stop();
        await closeHealth();
        await bus.close();
      });
    });
}
