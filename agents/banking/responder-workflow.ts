// The responder's view of one workflow: the customer request, the contributions that arrived
// (each as the sentence it adds to the answer), and whether the answer has been given. The
// answer is due when every expected contribution has arrived, or at the response deadline.
import type { AnswerPart } from '../../schemas/vocabulary.ts';
import { assertNever, type IncomingEvent } from '../decider.ts';
import type { ResponderConfig } from './config.ts';

/** The parts of an answer, as the vocabulary declares them (schemas/vocabulary.ts). */
export type Contribution = AnswerPart;

export interface WorkflowView {
  readonly request: {
    readonly requestId: string;
    readonly customerId: string;
    readonly accountId: string | null;
  } | null;
  /** The posted transaction a workflow without a customer request is answered about. */
  readonly transaction: { readonly transactionId: string; readonly accountId: string } | null;
  readonly parts: Readonly<Partial<Record<Contribution, string>>>;
  readonly reviewPending: boolean;
  readonly answered: boolean;
  readonly updatedAt: number;
}

export type ResponderInput =
  | 'banking.CustomerRequestReceived'
  | 'banking.TransactionPosted'
  | 'analysis.AccountAnalysed'
  | 'fraud.RiskScored'
  | 'compliance.ReviewCompleted'
  | 'compliance.EscalationRequested'
  | 'workflow.DeadlineReached';

const fresh: WorkflowView = {
  request: null,
  transaction: null,
  parts: {},
  reviewPending: false,
  answered: false,
  updatedAt: 0,
};

export const contributionNames: Readonly<Record<Contribution, string>> = {
  analysis: 'account analysis',
  fraud: 'transaction security check',
  advice: 'recommendation',
};

export function expected(view: WorkflowView): Contribution[] {
  return [
    ...(view.request?.accountId || view.transaction ? ['analysis' as const] : []),
    ...(view.transaction || view.parts.fraud ? ['fraud' as const] : []),
    ...(view.request ? ['advice' as const] : []),
  ];
}

export function missing(view: WorkflowView): Contribution[] {
  return expected(view).filter((contribution) => !view.parts[contribution]);
}

type ContributionInput = 'analysis.AccountAnalysed' | 'fraud.RiskScored' | 'compliance.ReviewCompleted';

function contribution(event: IncomingEvent<ContributionInput>): [Contribution, string] {
  switch (event.type) {
    case 'analysis.AccountAnalysed':
      return ['analysis', `Account overview: ${event.payload.summary}`];
    case 'fraud.RiskScored': {
      const { level } = event.payload;
      if (level === 'LOW') return ['fraud', 'We checked the transaction and found no sign of fraud.'];
      if (level === 'UNSCORED')
        return [
          'fraud',
          'The security check of the transaction could not be completed yet; we will review it.',
        ];
      return ['fraud', 'We have flagged the transaction for a security review.'];
    }
    case 'compliance.ReviewCompleted':
      return event.payload.outcome === 'APPROVED'
        ? ['advice', `Our recommendation: ${event.payload.recommendation}`]
        : [
            'advice',
            'We cannot offer a recommendation for this request after review; a personal advisor will contact you.',
          ];
    default:
      return assertNever(event);
  }
}

/** The workflow after one event. Pure; decide compares before and after to see if the answer is due. */
export function advance(
  before: WorkflowView | undefined,
  event: IncomingEvent<ResponderInput>,
  config: ResponderConfig,
): WorkflowView {
  const view = { ...(before ?? fresh), updatedAt: event.occurredAt };
  if (view.answered) return view;
  switch (event.type) {
    case 'banking.CustomerRequestReceived': {
      const { requestId, customerId, accountId } = event.payload;
      return settle({ ...view, request: { requestId, customerId, accountId: accountId ?? null } });
    }
    case 'banking.TransactionPosted':
      return settle({
        ...view,
        transaction: { transactionId: event.payload.transactionId, accountId: event.payload.accountId },
      });
    case 'compliance.EscalationRequested':
      return { ...view, reviewPending: true };
    case 'workflow.DeadlineReached':
      return event.payload.name === config.responseDeadline && (view.request || view.transaction)
        ? { ...view, answered: true }
        : view;
    case 'analysis.AccountAnalysed':
    case 'fraud.RiskScored':
    case 'compliance.ReviewCompleted': {
      const [kind, sentence] = contribution(event);
      return settle({ ...view, parts: { ...view.parts, [kind]: sentence } });
    }
    default:
      return assertNever(event);
  }
}

function settle(view: WorkflowView): WorkflowView {
  return view.request && missing(view).length === 0 ? { ...view, answered: true } : view;
}
