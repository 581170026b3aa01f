// The fraud agent: a risk score per transaction from deterministic rules (amount, channel,
// country, velocity). Its output carries no customer data beyond ids, hence INTERNAL.
import { Map as ImmutableMap } from 'immutable';
import type { TransactionPosted } from '../../schemas/generated/types.ts';
import { assertNever, type AgentDefinition, type Failure, type Proposed } from '../decider.ts';
import { defaultBankingConfig, type FraudConfig } from './config.ts';
import { assess, remember, type CardHistory } from './fraud-rules.ts';

type Consumed = 'banking.TransactionPosted';
type Emitted = 'fraud.RiskScored' | 'incident.FallbackUsed';

export interface FraudState {
  /** A persistent map: an event does not copy every account. */
  readonly accounts: ImmutableMap<string, CardHistory>;
}

/** Auditors read why a transaction was cleared too, not only why it was flagged. */
function rationaleOf(reasons: readonly string[], score: number, config: FraudConfig): string {
  const findings = reasons.length > 0 ? reasons.join('; ') : 'no risk rule fired';
  return `${findings} (score ${score}, rules ${config.rulesVersion})`;
}

function scored(
  txn: TransactionPosted,
  history: CardHistory | undefined,
  config: FraudConfig,
): Proposed<Emitted> {
  const { score, level, reasons } = assess(history, txn, config);
  return {
    type: 'fraud.RiskScored',
    classification: 'INTERNAL',
    costMicros: 0,
    confidence: { outcome: 'CONFIDENT', score: 0.9, rationale: rationaleOf(reasons, score, config) },
    payload: { ...ids(txn), score, level, reasons: [...reasons], rulesVersion: config.rulesVersion },
  };
}

function unscored(txn: TransactionPosted, failure: Failure, config: FraudConfig): Proposed<Emitted> {
  const reason = `not scored (${failure.kind}: ${failure.message}); treat as unreviewed`;
  return {
    type: 'fraud.RiskScored',
    classification: 'INTERNAL',
    costMicros: 0,
    confidence: { outcome: 'COULD_NOT', score: 0, rationale: reason },
    payload: {
      ...ids(txn),
      score: null,
      level: 'UNSCORED',
      reasons: [reason],
      rulesVersion: config.rulesVersion,
    },
  };
}

function ids(txn: TransactionPosted) {
  return {
    transactionId: txn.transactionId,
    accountId: txn.accountId,
    amountMinor: txn.amountMinor,
    currency: txn.currency,
  };
}

export function createFraudAgent(
  config: FraudConfig = defaultBankingConfig.fraud,
): AgentDefinition<FraudState, Consumed, Emitted> {
  return {
    name: 'fraud',
    version: '1.0.0',
    consumes: ['banking.TransactionPosted'],
    emits: ['fraud.RiskScored', 'incident.FallbackUsed'],
    riskClass: 'MEDIUM',
    clearance: 'PII',
    requiredRoles: [],
    fallbackDescription: 'Marks the transaction UNSCORED with the reason, so nobody reads it as low risk.',
    stateKey: 'accountId',
    initialState: () => ({ accounts: ImmutableMap() }),
    evolve(state, event) {
      if (event.type !== 'banking.TransactionPosted') return assertNever(event.type);
      const { accountId } = event.payload;
      return {
        accounts: state.accounts.set(
          accountId,
          remember(state.accounts.get(accountId), event.payload, config),
        ),
      };
    },
    decide(event, state) {
      if (event.type !== 'banking.TransactionPosted') return assertNever(event.type);
      return Promise.resolve([scored(event.payload, state.accounts.get(event.payload.accountId), config)]);
    },
    fallback: (event, _state, failure) => [unscored(event.payload, failure, config)],
  };
}

export const fraud = createFraudAgent();
