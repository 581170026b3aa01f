import type { Command } from 'commander';
import { loadIdentity } from '../../agents/runtime/index.ts';
import { topicSpecs } from '../../bus/topics.ts';
import { keyDirectory, loadConfig } from '../config.ts';
import { requireKafka, runsInUp, startOnKafka, stopOnSignals } from '../connect.ts';
import { operatorKeys } from '../operator.ts';
import {
  bankingAgentNames,
  bankingConfigOption,
  budgetOption,
  deadlineOption,
  decideAttemptsOption,
} from '../options.ts';
import { bankingSwarm, startAgentComponent, type AgentOptions } from '../start/agent.ts';

export function agentCommand(program: Command): void {
  program
    .command('agent')
    .description('run one banking agent: consume its inbox exactly once, propose its outputs to sg.proposed')
    .argument('<name>', `one of ${bankingAgentNames.join(', ')}`)
    .addOption(bankingConfigOption())
    .addOption(deadlineOption())
    .addOption(decideAttemptsOption())
    .addOption(budgetOption())
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
      requireKafka(config, runsInUp('agents'));
      const { agents, llm } = bankingSwarm(options, [name]);
      const identity = loadIdentity(name, keyDirectory());
      const keys = operatorKeys(config);
      const where = { component: `agent_${name}`, clientId: `swarmgate-agent-${name}` };
      const running = await startOnKafka(config, where, async (kafka) => {
        const { bus, names } = kafka;
        await bus.createTopics(
          topicSpecs(names, { partitions: config.SWARMGATE_PARTITIONS, agents: [name] }),
        );
        const start = { agent: agents[0]!, identity, llm, logFallbacks: true };
        return startAgentComponent({ ...kafka, config, operatorKeys: keys }, start, options);
      });
      console.log(JSON.stringify(running.ready));
      stopOnSignals(() => running.stop());
    });
}
