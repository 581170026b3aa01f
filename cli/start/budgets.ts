// The per-workflow budgets the dashboard weighs spend against: the gate's budget policy from the
// policy file the gate runs (its rules by proposed type, then its default) and, where the agents
// run in the same process, their own per-workflow ceiling.
import type { BudgetRule } from '../../api/dashboard/budget-queries.ts';
import { loadPolicyConfig } from '../../orchestrator/policy/config.ts';

export interface BudgetSources {
  /** The policy file; SWARMGATE_POLICY when absent, as for the gate. */
  readonly policy?: string;
  /** The agents' --budget-micros, when they run beside the API. */
  readonly budgetMicros?: number;
}

/** The budget rules of the policy file, then the agents' ceiling when given. */
export function budgetRules(policyFile: string, agentBudgetMicros?: number): BudgetRule[] {
  const { budget } = loadPolicyConfig(policyFile).config.policies;
  const gate = [
    ...Object.entries(budget.byType).map(([appliesTo, budgetMicros]) => ({ appliesTo, budgetMicros })),
    { appliesTo: '* (default)', budgetMicros: budget.defaultMicros },
  ];
  const agents =
    agentBudgetMicros === undefined ? [] : [{ appliesTo: 'agent runtime', budgetMicros: agentBudgetMicros }];
  return [...gate, ...agents];
}
