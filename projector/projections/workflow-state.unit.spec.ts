import { describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../../schemas/generated/types.ts';
import type { PayloadName } from '../../schemas/vocabulary.ts';
import { WorkflowVersionConflict } from '../errors.ts';
import { aDecision } from '../testing/decisions.ts';
import { evolveWorkflow, type WorkflowState } from './workflow-state.ts';
import type { PayloadFacts, WorkflowStatus } from './workflow-status.ts';
import { workflowsProjection } from './workflows.ts';

const decision = (eventType: PayloadName, outcome: DecisionOutcome = 'DELIVERED') =>
  aDecision({ decisionId: `d-${eventType}`, correlationId: 'w1', eventType, outcome });

type Step = PayloadName | [PayloadName, DecisionOutcome] | [PayloadName, DecisionOutcome, PayloadFacts];

/** The workflow's statuses after each step, folded from nothing. */
function statuses(...steps: Step[]): WorkflowStatus[] {
  let state: WorkflowState | null = null;
  return steps.map((step) => {
    const [type, outcome, facts] = typeof step === 'string' ? [step] : step;
    state = evolveWorkflow(state, decision(type, outcome), facts);
    return state.status;
  });
}

const complete: PayloadFacts = { answerMissing: [] };
const withoutAdvice: PayloadFacts = { answerMissing: ['advice.RecommendationMade'] };

describe("a workflow's status, on the shipped swarm's event types", () => {
  it('is completed when a request is answered with every contribution', () => {
    expect(
      statuses(
        'banking.CustomerRequestReceived',
        'analysis.AccountAnalysed',
        'advice.RecommendationMade',
        'compliance.ReviewCompleted',
        ['response.CustomerAnswered', 'NO_RECIPIENT', complete],
      ),
    ).toEqual(['active', 'active', 'active', 'active', 'completed']);
  });

  it('is escalated from the escalation until the review completes, through human decisions and refusals', () => {
    expect(
      statuses(
        'banking.CustomerRequestReceived',
        'advice.RecommendationMade',
        'compliance.EscalationRequested',
        'workflow.DeadlineReached',
        'human.DecisionRecorded',
        'compliance.ApprovalRefused',
        'human.DecisionRecorded',
        'compliance.ReviewCompleted',
        ['response.CustomerAnswered', 'NO_RECIPIENT', complete],
      ),
    ).toEqual([
      'active',
      'active',
      'escalated',
      'escalated',
      'escalated',
      'escalated',
      'escalated',
      'active',
      'completed',
    ]);
  });

  it('stays escalated when the customer is answered while the review is open, and is partial after it', () => {
    expect(
      statuses(
        'banking.CustomerRequestReceived',
        'compliance.EscalationRequested',
        ['response.CustomerAnswered', 'NO_RECIPIENT', withoutAdvice],
        'human.DecisionRecorded',
        'compliance.ReviewCompleted',
      ),
    ).toEqual(['active', 'escalated', 'escalated', 'escalated', 'partial']);
  });

  it('is partial when the answer lacked the advice: undeliverable to compliance, or denied for want of consent', () => {
    const lacking = ['response.CustomerAnswered', 'NO_RECIPIENT', withoutAdvice] as Step;
    expect(
      statuses('banking.CustomerRequestReceived', ['advice.RecommendationMade', 'NO_RECIPIENT'], lacking),
    ).toEqual(['active', 'active', 'partial']);
    expect(
      statuses('banking.CustomerRequestReceived', ['advice.RecommendationMade', 'DENIED'], lacking),
    ).toEqual(['active', 'denied', 'partial']);
  });

  it('names what the answer lacked, and nothing before the answer', () => {
    let state = evolveWorkflow(null, decision('banking.TransactionPosted'));
    expect(state.missing).toEqual([]);
    state = evolveWorkflow(state, decision('response.CustomerAnswered', 'NO_RECIPIENT'), {
      answerMissing: ['analysis.AccountAnalysed'],
    });
    expect(state).toMatchObject({ status: 'partial', answered: true, missing: ['analysis.AccountAnalysed'] });
  });

  it('opens no escalation that was denied, and keeps one open when its review was denied', () => {
    expect(statuses(['compliance.EscalationRequested', 'DENIED'], 'workflow.DeadlineReached')).toEqual([
      'denied',
      'active',
    ]);
    expect(
      statuses(
        'compliance.EscalationRequested',
        ['compliance.ReviewCompleted', 'DENIED'],
        'workflow.DeadlineReached',
      ),
    ).toEqual(['escalated', 'denied', 'escalated']);
  });

  it('is failed after a fallback and recovers with the next decision; an answer is not undone by either', () => {
    expect(
      statuses(
        'banking.TransactionPosted',
        'incident.FallbackUsed',
        'fraud.RiskScored',
        ['response.CustomerAnswered', 'NO_RECIPIENT', complete],
        'incident.FallbackUsed',
        ['aml.AlertRaised', 'DENIED'],
        'aml.AlertRaised',
      ),
    ).toEqual(['active', 'failed', 'active', 'completed', 'completed', 'denied', 'completed']);
  });

  it('is not answered by an answer the gate denied', () => {
    expect(
      statuses(
        'banking.CustomerRequestReceived',
        ['response.CustomerAnswered', 'DENIED'],
        'workflow.DeadlineReached',
      ),
    ).toEqual(['active', 'denied', 'active']);
  });
});

describe('evolveWorkflow', () => {
  it('counts decisions, denials and cost, and keeps participants sorted and unique', () => {
    const first = aDecision({
      decisionId: 'd1',
      correlationId: 'w1',
      sender: 'core-banking',
      routedTo: ['fraud', 'aml'],
      costMicros: 0,
      decidedAt: Date.UTC(2025, 0, 1, 10),
    });
    const second = aDecision({
      decisionId: 'd2',
      correlationId: 'w1',
      sender: 'fraud',
      routedTo: ['advisor'],
      costMicros: 700,
      outcome: 'DENIED',
      eventType: 'fraud.RiskScored',
      decidedAt: Date.UTC(2025, 0, 1, 10, 0, 2),
    });

    const state = evolveWorkflow(evolveWorkflow(null, first), second);

    expect(state).toEqual({
      correlationId: 'w1',
      status: 'denied',
      escalationOpen: false,
      answered: false,
      missing: [],
      currentStep: 'fraud.RiskScored',
      participants: ['advisor', 'aml', 'core-banking', 'fraud'],
      totalCostMicros: 700,
      decisions: 2,
      denials: 1,
      version: 2,
      firstSeenAt: '2025-01-01T10:00:00.000Z',
      lastSeenAt: '2025-01-01T10:00:02.000Z',
      lastDecisionId: 'd2',
      policyVersion: 'policy-sha-1',
      tenant: null,
    });
  });
});

describe('the workflows projection', () => {
  it('updates the row only at the version it read, and writes the snapshot of the next one', () => {
    const current = evolveWorkflow(null, decision('banking.TransactionPosted'));

    const [statement] = workflowsProjection.evolve(
      decision('fraud.RiskScored'),
      { topic: 't', partition: 0, offset: '5' },
      current,
    );

    expect(statement?.sql).toContain('WHERE workflows.version = $17');
    expect(statement?.params[16]).toBe(1);
    expect(statement?.onNoRow?.()).toBeInstanceOf(WorkflowVersionConflict);
    expect(JSON.parse(String(statement?.params[17]))).toMatchObject({ correlationId: 'w1', version: 2 });
  });

  it("keeps the tenant of the workflow's first decision not denied, whatever comes after", () => {
    const denied = { ...decision('banking.TransactionPosted'), outcome: 'DENIED' as const };
    const first = evolveWorkflow(null, denied, { tenant: 'retail-in' });
    const claimed = evolveWorkflow(first, decision('banking.TransactionPosted'), { tenant: 'retail-eu' });
    const later = evolveWorkflow(claimed, decision('fraud.RiskScored'), { tenant: 'retail-in' });

    expect([first.tenant, claimed.tenant, later.tenant]).toEqual([null, 'retail-eu', 'retail-eu']);
    const [statement] = workflowsProjection.evolve(
      decision('fraud.RiskScored'),
      { topic: 't', partition: 0, offset: '6' },
      later,
    );
    expect(statement?.params[15]).toBe('retail-eu');
  });
});
