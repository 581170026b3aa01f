// The advisor (medium risk, LLM-backed): a recommendation with rationale and confidence for a
// customer request. The model tier follows the value at stake and the workflow's budget.
import { Map as ImmutableMap } from 'immutable';
import type { CustomerRequestReceived } from '../../schemas/generated/types.ts';
import {
  assertNever,
  type AgentDefinition,
  type DecideContext,
  type Failure,
  type Proposed,
} from '../decider.ts';
import { BudgetExhaustedError } from '../fallback.ts';
import { estimatePromptTokens } from '../llm/pricing.ts';
import type { ModelTiering } from '../llm/tiering.ts';
import { adviceMessages, confidenceOutcome, readAdviceAnswer, type AccountContext } from './advice-prompt.ts';
import { largestAmountIn, type MentionedAmount } from './amounts.ts';

type Consumed = 'banking.CustomerRequestReceived' | 'analysis.AccountAnalysed';
type Emitted = 'advice.RecommendationMade' | 'incident.FallbackUsed';

export interface AdvisorState {
  /** A persistent map: an event does not copy every account. */
  readonly accounts: ImmutableMap<string, AccountContext>;
}

/** The amount the request names, else the account's observed balance, else nothing. */
export function valueAtStake(
  request: CustomerRequestReceived,
  account: AccountContext | undefined,
): MentionedAmount {
  const mentioned = largestAmountIn(request.text);
  if (mentioned)
    return { amountMinor: mentioned.amountMinor, currency: mentioned.currency ?? account?.currency ?? null };
  return { amountMinor: Math.abs(account?.balanceMinor ?? 0), currency: account?.currency ?? null };
}

async function advise(
  request: CustomerRequestReceived,
  state: AdvisorState,
  ctx: DecideContext,
  tiering: ModelTiering,
): Promise<Proposed<Emitted>> {
  const account = request.accountId ? state.accounts.get(request.accountId) : undefined;
  const stake = valueAtStake(request, account);
  const messages = adviceMessages(request, account, stake);
  const choice = tiering.pick({
    valueAtStakeMinor: stake.amountMinor,
    budgetLeftMicros: ctx.budgetLeftMicros,
    promptTokens: estimatePromptTokens(messages),
  });
  if (choice.kind === 'unaffordable')
    throw new BudgetExhaustedError(choice.cheapestCostMicros, ctx.budgetLeftMicros);
  const completion = await ctx.llm.complete({
    model: choice.tier.model,
    messages,
    maxTokens: choice.tier.maxTokens,
    signal: ctx.signal,
  });
  const answer = readAdviceAnswer(completion.text);
  return {
    type: 'advice.RecommendationMade',
    classification: 'INTERNAL',
    costMicros: completion.costMicros,
    confidence: {
      outcome: confidenceOutcome(answer.confidence),
      score: answer.confidence,
      rationale: answer.rationale,
    },
    payload: {
      ...parties(request),
      recommendation: answer.recommendation,
      rationale: answer.rationale,
      valueAtStakeMinor: stake.amountMinor,
      currency: stake.currency,
      model: completion.model,
      tier: choice.tier.name,
    },
  };
}

function unavailable(
  request: CustomerRequestReceived,
  state: AdvisorState,
  failure: Failure,
): Proposed<Emitted> {
  const account = request.accountId ? state.accounts.get(request.accountId) : undefined;
  const stake = valueAtStake(request, account);
  const rationale = `Automated advice was unavailable (${failure.kind}: ${failure.message}); no model judged this request.`;
  return {
    type: 'advice.RecommendationMade',
    classification: 'INTERNAL',
    costMicros: 0,
    confidence: { outcome: 'COULD_NOT', score: 0, rationale },
    payload: {
      ...parties(request),
      recommendation: 'We cannot give a recommendation right now; a personal advisor will follow up.',
      rationale,
      valueAtStakeMinor: stake.amountMinor,
      currency: stake.currency,
      model: 'none',
      tier: 'fallback',
    },
  };
}

function parties(request: CustomerRequestReceived) {
  return {
    requestId: request.requestId,
    customerId: request.customerId,
    accountId: request.accountId ?? null,
  };
}

export function createAdvisor(tiering: ModelTiering): AgentDefinition<AdvisorState, Consumed, Emitted> {
  return {
    name: 'advisor',
    version: '1.0.0',
    consumes: ['banking.CustomerRequestReceived', 'analysis.AccountAnalysed'],
    emits: ['advice.RecommendationMade', 'incident.FallbackUsed'],
    riskClass: 'MEDIUM',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallbackDescription:
      'Recommends a follow-up by a personal advisor, with confidence COULD_NOT, so compliance escalates it.',
    stateKey: 'accountId',
    initialState: () => ({ accounts: ImmutableMap() }),
    evolve(state, event) {
      switch (event.type) {
        case 'analysis.AccountAnalysed': {
          const { accountId, balanceMinor, currency, summary } = event.payload;
          return {
            accounts: state.accounts.set(accountId, {
              balanceMinor: balanceMinor ?? null,
              currency: currency ?? null,
              summary,
            }),
          };
        }
        case 'banking.CustomerRequestReceived':
          return state;
        default:
          return assertNever(event);
      }
    },
    async decide(event, state, ctx) {
      switch (event.type) {
        case 'banking.CustomerRequestReceived':
          return [await advise(event.payload, state, ctx, tiering)];
        case 'analysis.AccountAnalysed':
          return [];
        default:
          return assertNever(event);
      }
    },
    fallback(event, state, failure) {
      switch (event.type) {
        case 'banking.CustomerRequestReceived':
          return [unavailable(event.payload, state, failure)];
        case 'analysis.AccountAnalysed':
          return [];
        default:
          return assertNever(event);
      }
    },
  };
}
