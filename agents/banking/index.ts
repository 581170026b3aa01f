// The banking demonstration swarm.
import type { AnyAgent } from '../decider.ts';
import { ModelTiering } from '../llm/tiering.ts';
import { createAdvisor } from './advisor.ts';
import { createAmlMonitor } from './aml-monitor.ts';
import { analyst } from './analyst.ts';
import { createCompliance } from './compliance.ts';
import { defaultBankingConfig, type BankingConfig } from './config.ts';
import { createFraudAgent } from './fraud.ts';
import { createResponder } from './responder.ts';

export interface BankingSwarmOptions {
  readonly config?: BankingConfig;
  readonly tiering?: ModelTiering;
}

export function createBankingAgents(options: BankingSwarmOptions = {}): readonly AnyAgent[] {
  const config = options.config ?? defaultBankingConfig;
  return [
    analyst,
    createFraudAgent(config.fraud),
    createAmlMonitor(config.aml),
    createAdvisor(options.tiering ?? ModelTiering.load()),
    createCompliance(config.compliance),
    createResponder(config.responder),
  ];
}

/** The swarm on default thresholds and agents/models.yaml. */
export const bankingAgents: readonly AnyAgent[] = createBankingAgents();

export * from './config.ts';
export * from './handoff.ts';
export { analyst } from './analyst.ts';
export { createFraudAgent, fraud } from './fraud.ts';
export { createAmlMonitor, amlMonitor } from './aml-monitor.ts';
export { createAdvisor } from './advisor.ts';
export { createCompliance, compliance } from './compliance.ts';
export { createResponder, responder } from './responder.ts';
