import { describe, expect, it } from 'vitest';
import type { ReviewCompleted } from '../../schemas/generated/types.ts';
import { customerRequest, transaction } from '../testing/banking.ts';
import { workflow } from '../testing/events.ts';
import { given, ofType } from '../testing/spec.ts';
import { createResponder } from './responder.ts';

const responder = createResponder();
const event = workflow('wf-answer');
const request = event('banking.CustomerRequestReceived', customerRequest({ text: 'How should I save?' }));
const analysis = event('analysis.AccountAnalysed', {
  accountId: 'acc-1',
  transactionCount: 3,
  summary: 'Net of 3 observed transaction(s): 120.00 EUR.',
});
const review = (outcome: ReviewCompleted['outcome']) =>
  event('compliance.ReviewCompleted', {
    reviewId: 'rv',
    requestId: 'req-1',
    recommendationId: 'rec',
    outcome,
    decidedBy: 'AUTOMATIC',
    recommendation: 'We recommend a savings account.',
    reason: 'ok',
  });
const deadline = event('workflow.DeadlineReached', { name: 'response', dueAt: 0 });
const escalation = event('compliance.EscalationRequested', {
  escalationId: 'esc',
  requestId: 'req-1',
  recommendationId: 'rec',
  level: 1,
  requiredRole: 'compliance-reviewer',
  requiredApprovals: 1,
  reasons: ['value'],
  valueAtStakeMinor: 1,
  recommendation: 'x',
});

describe('responder', () => {
  it('given the request and the analysis, when the approved advice arrives, then it answers completely', async () => {
    const outputs = await given(responder, [request, analysis]).when(review('APPROVED'));

    const [answer] = ofType(outputs, 'response.CustomerAnswered');
    expect(answer?.payload).toMatchObject({
      requestId: 'req-1',
      customerId: 'cust-1',
      complete: true,
      included: ['analysis', 'advice'],
      missing: [],
    });
    expect(answer?.payload.answer).toBe(
      'Account overview: Net of 3 observed transaction(s): 120.00 EUR. Our recommendation: We recommend a savings account.',
    );
    expect(answer?.confidence?.outcome).toBe('CONFIDENT');
  });

  it('given contributions still outstanding, then it waits', async () => {
    expect(await given(responder, [request]).when(analysis)).toEqual([]);
  });

  it('given the response deadline, then it answers with what arrived and names what is missing', async () => {
    const outputs = await given(responder, [request, analysis, escalation]).when(deadline);

    const [answer] = ofType(outputs, 'response.CustomerAnswered');
    expect(answer?.payload).toMatchObject({ complete: false, included: ['analysis'], missing: ['advice'] });
    expect(answer?.payload.answer).toMatch(
      /Account overview: .* Still in progress: recommendation \(awaiting review by our specialists\)\.$/,
    );
    expect(answer?.confidence).toMatchObject({ outcome: 'UNSURE', score: 0.5, rationale: 'missing: advice' });
  });

  it('given a transaction in the workflow, then the fraud check is expected too', async () => {
    const posted = event('banking.TransactionPosted', transaction());
    const outputs = await given(responder, [request, posted, analysis]).when(review('APPROVED'));
    expect(outputs).toEqual([]);

    const atDeadline = await given(responder, [request, posted, analysis, review('APPROVED')]).when(deadline);
    expect(atDeadline[0]?.payload).toMatchObject({ missing: ['fraud'] });
  });

  it('given a rejected review, then the answer says so instead of recommending', async () => {
    const outputs = await given(responder, [request, analysis]).when(review('REJECTED'));
    expect(outputs[0]?.payload).toMatchObject({ complete: true });
    expect(outputs[0]?.payload).toHaveProperty(
      'answer',
      expect.stringMatching(/cannot offer a recommendation .* personal advisor will contact you/) as unknown,
    );
  });

  it('answers once: a deadline after a complete answer, or a late contribution, adds nothing', async () => {
    const answered = [request, analysis, review('APPROVED')];
    expect(await given(responder, answered).when(deadline)).toEqual([]);
    expect(await given(responder, [request, deadline]).when(analysis)).toEqual([]);
  });

  it('given a deadline in a workflow without a customer request, then there is nobody to answer', async () => {
    expect(await given(responder, [analysis]).when(deadline)).toEqual([]);
  });

  it('keeps workflows apart by correlation id', async () => {
    const other = workflow('wf-other', 100);
    const outputs = await given(responder, [request, analysis]).when(
      other('compliance.ReviewCompleted', review('APPROVED').payload),
    );
    expect(outputs).toEqual([]);
  });

  it('given a failure when the answer is due, then the fallback says it is in progress and lists nothing as done, deterministically', () => {
    const failure = { kind: 'error' as const, message: 'boom' };
    const outputs = given(responder, [request, analysis]).whenFailing(deadline, failure);

    expect(outputs).toEqual(given(responder, [request, analysis]).whenFailing(deadline, failure));
    expect(outputs[0]?.payload).toMatchObject({
      complete: false,
      included: [],
      missing: ['analysis', 'advice'],
    });
    expect(outputs[0]?.payload).toHaveProperty(
      'answer',
      expect.stringMatching(/could not assemble your answer automatically \(error\)/) as unknown,
    );
  });

  it('forgets a workflow idle for longer than its retention, and keeps the recent ones', () => {
    const day = 24 * 60 * 60_000;
    const later = workflow('wf-later', 1 + day / 1000 + 100);
    const { state } = given(responder, [request, later('banking.CustomerRequestReceived', request.payload)]);

    expect([...state.workflows.keys()]).toEqual(['wf-later']);
    expect(
      responder.settled?.(given(responder, [request, analysis, review('APPROVED')]).state, 'wf-answer'),
    ).toBe(true);
  });
});
