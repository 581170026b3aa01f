// The AML monitor (high risk): stateful windows per account, raising aml.AlertRaised on
// structuring or velocity. Alerts are PII and go to compliance, never to the customer.
import { Map as ImmutableMap } from 'immutable';
import type { TransactionPosted } from '../../schemas/generated/types.ts';
import { assertNever, type AgentDefinition, type Failure, type Proposed } from '../decider.ts';
import { step, type AccountWindows, type Detection } from './aml-patterns.ts';
import { defaultBankingConfig, type AmlConfig } from './config.ts';

type Consumed = 'banking.TransactionPosted';
type Emitted = 'aml.AlertRaised' | 'incident.FallbackUsed';

export interface AmlState {
  /** A persistent map: an event does not copy every account. */
  readonly accounts: ImmutableMap<string, AccountWindows>;
}

function alert(
  eventId: string,
  txn: TransactionPosted,
  detection: Detection,
  outcome: 'CONFIDENT' | 'COULD_NOT' = 'CONFIDENT',
): Proposed<Emitted> {
  const { movements } = detection;
  const same = movements.filter((m) => m.currency === txn.currency);
  return {
    type: 'aml.AlertRaised',
    classification: 'PII',
    costMicros: 0,
    confidence: { outcome, score: outcome === 'CONFIDENT' ? 0.8 : 0, rationale: detection.description },
    payload: {
      alertId: `${eventId}:${detection.pattern}`,
      accountId: txn.accountId,
      pattern: detection.pattern,
      transactionIds: movements.map((m) => m.transactionId),
      totalMinor: same.reduce((sum, m) => sum + m.amountMinor, 0),
      currency: txn.currency,
      windowStartAt: Math.min(...movements.map((m) => m.at)),
      windowEndAt: Math.max(...movements.map((m) => m.at)),
      description: detection.description,
    },
  };
}

function unevaluated(eventId: string, txn: TransactionPosted, failure: Failure): Proposed<Emitted> {
  const description = `transaction not evaluated by AML monitoring (${failure.kind}: ${failure.message}); review it manually`;
  const movement = {
    transactionId: txn.transactionId,
    amountMinor: txn.amountMinor,
    currency: txn.currency,
    at: txn.postedAt,
  };
  return alert(eventId, txn, { pattern: 'UNEVALUATED', movements: [movement], description }, 'COULD_NOT');
}

export function createAmlMonitor(
  config: AmlConfig = defaultBankingConfig.aml,
): AgentDefinition<AmlState, Consumed, Emitted> {
  return {
    name: 'aml-monitor',
    version: '1.0.0',
    consumes: ['banking.TransactionPosted'],
    emits: ['aml.AlertRaised', 'incident.FallbackUsed'],
    riskClass: 'HIGH',
    clearance: 'PII',
    requiredRoles: [],
    fallbackDescription:
      'Raises an UNEVALUATED alert for the transaction, so a monitoring gap is investigated, not hidden.',
    stateKey: 'accountId',
    initialState: () => ({ accounts: ImmutableMap() }),
    evolve(state, event) {
      if (event.type !== 'banking.TransactionPosted') return assertNever(event.type);
      const { accountId } = event.payload;
      return {
        accounts: state.accounts.set(
          accountId,
          step(state.accounts.get(accountId), event.payload, config).windows,
        ),
      };
    },
    decide(event, state) {
      if (event.type !== 'banking.TransactionPosted') return assertNever(event.type);
      const { detections } = step(state.accounts.get(event.payload.accountId), event.payload, config);
      return Promise.resolve(detections.map((detection) => alert(event.id, event.payload, detection)));
    },
    fallback: (event, _state, failure) => [unevaluated(event.id, event.payload, failure)],
  };
}

export const amlMonitor = createAmlMonitor();
