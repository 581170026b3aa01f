// A banking agent as `swarmgate agent` runs it and `swarmgate up` composes it, with the same
// thresholds file, deadline, retries and budget.
import { readFileSync } from 'node:fs';
import { createBankingAgents, defaultBankingConfig, loadBankingConfig } from '../../agents/banking/index.ts';
import type { AnyAgent } from '../../agents/decider.ts';
import type { LlmProvider } from '../../agents/llm/provider.ts';
import { createLlmProvider } from '../../agents/llm/factory.ts';
import { ModelTiering } from '../../agents/llm/tiering.ts';
import { startAgent, type AgentIdentity } from '../../agents/runtime/index.ts';
import { ConfigError } from '../config.ts';
import { exitOnCrash, type ComponentContext, type Started } from './component.ts';

export interface AgentOptions {
  /** The banking thresholds YAML; the built-in defaults when absent. */
  readonly config?: string;
  readonly deadlineMs: number;
  readonly budgetMicros: number;
  /** Tries of decide before the fallback on a retriable failure (--decide-attempts). */
  readonly decideAttempts?: number;
}

export interface BankingSwarm {
  readonly agents: readonly AnyAgent[];
  readonly llm: LlmProvider;
}

/** The named banking agents on the thresholds asked for, and the model they share. */
export function bankingSwarm(options: Pick<AgentOptions, 'config'>, names: readonly string[]): BankingSwarm {
  const config = options.config
    ? loadBankingConfig(readFileSync(options.config, 'utf8'))
    : defaultBankingConfig;
  const tiering = ModelTiering.load();
  const all = createBankingAgents({ config, tiering });
  const agents = names.map((name) => {
    const agent = all.find((candidate) => candidate.name === name);
    if (!agent) throw new ConfigError(`unknown agent "${name}"; one of ${all.map((a) => a.name).join(', ')}`);
    return agent;
  });
  return { agents, llm: createLlmProvider({ prices: tiering.prices }) };
}

export interface AgentStart {
  readonly agent: AnyAgent;
  readonly identity: AgentIdentity;
  readonly llm: LlmProvider;
  /** Log each fallback as a line on stderr (a process of its own; `up` shows its tally instead). */
  readonly logFallbacks: boolean;
}

export async function startAgentComponent(
  context: ComponentContext,
  start: AgentStart,
  options: AgentOptions,
): Promise<Started> {
  const { bus, codec, names, operatorKeys, metrics } = context;
  const { agent, identity, llm } = start;
  const running = await startAgent({
    bus,
    codec,
    names,
    agent,
    identity,
    llm,
    operatorKeys,
    metrics,
    deadlineMs: options.deadlineMs,
    budgetMicros: options.budgetMicros,
    decideAttempts: options.decideAttempts,
    onCrash: exitOnCrash(`agent ${agent.name}`),
    onHandled: (event, failure) => {
      if (failure && start.logFallbacks)
        console.error(
          JSON.stringify({
            event: 'agent.fallback',
            agent: agent.name,
            eventId: event.id,
            eventType: event.type,
            failure,
          }),
        );
    },
  });
  return {
    ready: {
      event: 'agent.ready',
      agent: agent.name,
      version: agent.version,
      inbox: names.inbox(agent.name),
      llm: process.env.LLM_BASE_URL ? 'http' : 'scripted',
      pid: process.pid,
    },
    stop: () => running.stop(),
  };
}
