// The analyst: a running view of each account from the transactions it observes (balance net
// of observed movements, spend by channel), published on every transaction and on request.
import { Map as ImmutableMap } from 'immutable';
import type { AccountAnalysed } from '../../schemas/generated/types.ts';
import {
  assertNever,
  type AgentDefinition,
  type Failure,
  type IncomingEvent,
  type Proposed,
} from '../decider.ts';
import { observe, summarise, type AccountView } from './account-view.ts';

type Consumed = 'banking.TransactionPosted' | 'banking.CustomerRequestReceived';
type Emitted = 'analysis.AccountAnalysed' | 'incident.FallbackUsed';

export interface AnalystState {
  /** A persistent map: an event does not copy every account. */
  readonly accounts: ImmutableMap<string, AccountView>;
}

function analysis(
  accountId: string,
  view: AccountView | undefined,
  requestId: string | null,
  caveat?: string,
): Proposed<'analysis.AccountAnalysed'> {
  const payload: AccountAnalysed = view
    ? { accountId, requestId, ...view, summary: summarise(view) + (caveat ? ` ${caveat}` : '') }
    : {
        accountId,
        requestId,
        currency: null,
        balanceMinor: null,
        transactionCount: 0,
        summary: `No transactions observed for this account.${caveat ? ` ${caveat}` : ''}`,
      };
  const confidence =
    view && !caveat
      ? {
          outcome: 'CONFIDENT' as const,
          score: 0.9,
          rationale: 'arithmetic over observed transactions; not the ledger balance',
        }
      : {
          outcome: 'UNSURE' as const,
          score: view ? 0.5 : 0.1,
          rationale: caveat ?? 'no transactions observed for this account',
        };
  return { type: 'analysis.AccountAnalysed', payload, classification: 'INTERNAL', confidence, costMicros: 0 };
}

function analyse(
  event: IncomingEvent<Consumed>,
  state: AnalystState,
  failure?: Failure,
): Proposed<Emitted>[] {
  const caveat = failure && `Analysis degraded (${failure.kind}): the latest event is not included.`;
  switch (event.type) {
    case 'banking.TransactionPosted': {
      const { accountId } = event.payload;
      const view = failure
        ? state.accounts.get(accountId)
        : observe(state.accounts.get(accountId), event.payload);
      return [analysis(accountId, view, null, caveat)];
    }
    case 'banking.CustomerRequestReceived': {
      const { accountId, requestId } = event.payload;
      return accountId
        ? [
            analysis(
              accountId,
              state.accounts.get(accountId),
              requestId,
              failure && `Analysis degraded (${failure.kind}).`,
            ),
          ]
        : [];
    }
    default:
      return assertNever(event);
  }
}

export const analyst: AgentDefinition<AnalystState, Consumed, Emitted> = {
  name: 'analyst',
  version: '1.0.0',
  consumes: ['banking.TransactionPosted', 'banking.CustomerRequestReceived'],
  emits: ['analysis.AccountAnalysed', 'incident.FallbackUsed'],
  riskClass: 'LOW',
  clearance: 'INTERNAL',
  requiredRoles: [],
  fallbackDescription: 'Publishes the account view as it was before the failing event, marked unsure.',
  stateKey: 'accountId',
  initialState: () => ({ accounts: ImmutableMap() }),
  evolve(state, event) {
    switch (event.type) {
      case 'banking.TransactionPosted': {
        const { accountId } = event.payload;
        return {
          accounts: state.accounts.set(accountId, observe(state.accounts.get(accountId), event.payload)),
        };
      }
      case 'banking.CustomerRequestReceived':
        return state;
      default:
        return assertNever(event);
    }
  },
  decide: (event, state) => Promise.resolve(analyse(event, state)),
  fallback: (event, state, failure) => analyse(event, state, failure),
};
