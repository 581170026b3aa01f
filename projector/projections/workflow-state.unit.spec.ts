import { describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../../schemas/generated/types.ts';
import { WorkflowVersionConflict } from '../errors.ts';
import { aDecision } from '../testing/decisions.ts';
import { evolveWorkflow } from './workflow-state.ts';
import { nextStatus, type WorkflowStatus } from './workflow-status.ts';
import { workflowsProjection } from './workflows.ts';

const decision = (eventType: string, outcome: DecisionOutcome = 'DELIVERED') =>
  aDecision({ decisionId: `d-${eventType}`, correlationId: 'w1', eventType, outcome });

describe("a workflow's status", () => {
  it.each<[WorkflowStatus | null, string, DecisionOutcome, WorkflowStatus]>([
    [null, 'banking.TransactionPosted', 'DELIVERED', 'active'],
    ['active', 'advice.RecommendationMade', 'DENIED', 'denied'],
    ['denied', 'advice.RecommendationMade', 'DELIVERED', 'active'],
    ['active', 'compliance.Escalated', 'DELIVERED', 'escalated'],
    ['active', 'human.ApprovalRequested', 'DELIVERED', 'escalated'],
    ['escalated', 'fraud.ScoreComputed', 'DELIVERED', 'escalated'],
    ['escalated', 'human.DecisionRecorded', 'DELIVERED', 'active'],
    ['active', 'incident.FallbackUsed', 'DELIVERED', 'failed'],
    ['failed', 'fraud.ScoreComputed', 'DELIVERED', 'active'],
    ['active', 'response.CustomerAnswered', 'NO_RECIPIENT', 'completed'],
    ['completed', 'fraud.ScoreComputed', 'DELIVERED', 'completed'],
    ['completed', 'fraud.ScoreComputed', 'DENIED', 'denied'],
  ])('after %s, a %s decision %s makes it %s', (previous, eventType, outcome, expected) => {
    expect(nextStatus(previous, decision(eventType, outcome))).toBe(expected);
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
      eventType: 'fraud.ScoreComputed',
      decidedAt: Date.UTC(2025, 0, 1, 10, 0, 2),
    });

    const state = evolveWorkflow(evolveWorkflow(null, first), second);

    expect(state).toEqual({
      correlationId: 'w1',
      status: 'denied',
      currentStep: 'fraud.ScoreComputed',
      participants: ['advisor', 'aml', 'core-banking', 'fraud'],
      totalCostMicros: 700,
      decisions: 2,
      denials: 1,
      version: 2,
      firstSeenAt: '2025-01-01T10:00:00.000Z',
      lastSeenAt: '2025-01-01T10:00:02.000Z',
      lastDecisionId: 'd2',
      policyVersion: 'policy-sha-1',
    });
  });
});

describe('the workflows projection', () => {
  it('updates the row only at the version it read, and writes the snapshot of the next one', () => {
    const current = evolveWorkflow(null, decision('banking.TransactionPosted'));

    const [statement] = workflowsProjection.evolve(
      decision('fraud.ScoreComputed'),
      { topic: 't', partition: 0, offset: '5' },
      current,
    );

    expect(statement?.sql).toContain('WHERE workflows.version = $13');
    expect(statement?.params[12]).toBe(1);
    expect(statement?.onNoRow?.()).toBeInstanceOf(WorkflowVersionConflict);
    expect(JSON.parse(String(statement?.params[13]))).toMatchObject({ correlationId: 'w1', version: 2 });
  });
});
