// The responder: fan-in by correlation id. It answers the customer once every expected
// contribution has arrived, or at the response deadline with what arrived and what is missing.
// AML alerts are deliberately not consumed: an answer must never tip off a customer.
import { Map as ImmutableMap } from 'immutable';
import type { AgentDefinition, Failure, IncomingEvent, Proposed } from '../decider.ts';
import { defaultBankingConfig, type ResponderConfig } from './config.ts';
import { sweep } from './retention.ts';
import {
  advance,
  contributionNames,
  expected,
  missing,
  type ResponderInput,
  type WorkflowView,
} from './responder-workflow.ts';

type Emitted = 'response.CustomerAnswered' | 'incident.FallbackUsed';

// A persistent map: evolve returns a new state per event without copying every open workflow,
// which a plain object spread would (quadratic over a day of traffic).
export interface ResponderState {
  readonly workflows: ImmutableMap<string, WorkflowView>;
  /** Event time of the last sweep of stale workflows. */
  readonly sweptAt: number;
}

/** Drops workflows idle for longer than the retention. */
function swept(state: ResponderState, now: number, retentionMs: number): ResponderState {
  const kept = sweep(
    { entries: state.workflows, sweptAt: state.sweptAt },
    now,
    retentionMs,
    (view, stale) => view.updatedAt > stale,
  );
  return { workflows: kept.entries, sweptAt: kept.sweptAt };
}

function answer(view: WorkflowView, failure?: Failure): Proposed<Emitted>[] {
  // A workflow without a customer request is answered about its transaction, to the account holder.
  const subject =
    view.request ??
    (view.transaction && {
      requestId: view.transaction.transactionId,
      customerId: view.transaction.accountId,
    });
  if (!subject) return [];
  const { requestId, customerId } = subject;
  const absent = failure ? expected(view) : missing(view);
  const included = failure ? [] : expected(view).filter((c) => view.parts[c]);
  const sentences = included.map((c) => view.parts[c]);
  const pending = absent.map((c) =>
    c === 'advice' && view.reviewPending
      ? `${contributionNames[c]} (awaiting review by our specialists)`
      : contributionNames[c],
  );
  const opening = failure
    ? `We have received your request and are working on it; we could not assemble your answer automatically (${failure.kind}). An advisor will follow up.`
    : sentences.length === 0
      ? 'We have received your request and are working on it.'
      : '';
  const text = [opening, ...sentences, pending.length > 0 ? `Still in progress: ${pending.join(', ')}.` : '']
    .filter(Boolean)
    .join(' ');
  const complete = absent.length === 0;
  return [
    {
      type: 'response.CustomerAnswered',
      classification: 'INTERNAL',
      costMicros: 0,
      confidence: complete
        ? { outcome: 'CONFIDENT', score: 1, rationale: 'every expected contribution arrived' }
        : {
            outcome: 'UNSURE',
            score: included.length / expected(view).length,
            rationale: `missing: ${absent.join(', ')}`,
          },
      payload: { requestId, customerId, answer: text, complete, included, missing: absent },
    },
  ];
}

function step(state: ResponderState, event: IncomingEvent<ResponderInput>, config: ResponderConfig) {
  const before = state.workflows.get(event.correlationId);
  const after = advance(before, event, config);
  return { after, due: !before?.answered && after.answered };
}

export function createResponder(
  config: ResponderConfig = defaultBankingConfig.responder,
): AgentDefinition<ResponderState, ResponderInput, Emitted> {
  return {
    name: 'responder',
    version: '1.0.0',
    consumes: [
      'banking.CustomerRequestReceived',
      'banking.TransactionPosted',
      'analysis.AccountAnalysed',
      'fraud.RiskScored',
      'compliance.ReviewCompleted',
      'compliance.EscalationRequested',
      'workflow.DeadlineReached',
    ],
    emits: ['response.CustomerAnswered', 'incident.FallbackUsed'],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    deadlines: [
      {
        name: config.responseDeadline,
        afterMs: config.responseAfterMs,
        startOn: ['banking.CustomerRequestReceived', 'banking.TransactionPosted'],
      },
    ],
    fallbackDescription:
      'Tells the customer the request is in progress and an advisor will follow up, listing nothing as done.',
    initialState: () => ({ workflows: ImmutableMap(), sweptAt: 0 }),
    evolve(state, event) {
      const { workflows, sweptAt } = swept(state, event.occurredAt, config.retentionMs);
      return { workflows: workflows.set(event.correlationId, step(state, event, config).after), sweptAt };
    },
    settled: (state, correlationId) => state.workflows.get(correlationId)?.answered === true,
    decide(event, state) {
      const { after, due } = step(state, event, config);
      return Promise.resolve(due ? answer(after) : []);
    },
    fallback(event, state, failure) {
      const { after, due } = step(state, event, config);
      return due ? answer(after, failure) : [];
    },
  };
}

export const responder = createResponder();
