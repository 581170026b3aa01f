import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError, classifyFailure } from '../fallback.ts';
import type { CompletionRequest, LlmProvider } from '../llm/provider.ts';
import { customerRequest } from '../testing/banking.ts';
import { workflow } from '../testing/events.ts';
import { given, ofType, testContext, testTiering } from '../testing/spec.ts';
import { createAdvisor } from './advisor.ts';
import { maxAmountMinor } from './amounts.ts';

const advisor = createAdvisor(testTiering); // agents/models.yaml: economy < 1,000.00 <= standard < 25,000.00 <= premium
const event = workflow('advice');
const request = (text: string, accountId: string | null = 'acc-1') =>
  event('banking.CustomerRequestReceived', customerRequest({ text, accountId }));
const analysed = event('analysis.AccountAnalysed', {
  accountId: 'acc-1',
  currency: 'EUR',
  balanceMinor: 4_000_00,
  transactionCount: 12,
  summary: 'Net of 12 observed transaction(s): 4,000.00 EUR.',
});

/** A model that records what it was asked and answers with fixed text. */
function cannedModel(text: string): LlmProvider & { asked: CompletionRequest[] } {
  const asked: CompletionRequest[] = [];
  return {
    asked,
    complete: (req) => (
      asked.push(req),
      Promise.resolve({ text, promptTokens: 10, completionTokens: 5, costMicros: 7, model: req.model })
    ),
  };
}

describe('advisor', () => {
  it('given a request naming 30,000 EUR, then the premium model recommends, with rationale, confidence and cost', async () => {
    const outputs = await given(advisor).when(request('I want to invest €30,000 for my children'));

    const [advice] = ofType(outputs, 'advice.RecommendationMade');
    expect(advice?.payload).toMatchObject({
      requestId: 'req-1',
      customerId: 'cust-1',
      valueAtStakeMinor: 30_000_00,
      currency: 'EUR',
      model: 'gpt-4o',
      tier: 'premium',
    });
    expect(advice?.payload.recommendation).toMatch(/^We recommend .*fund/);
    expect(advice?.payload.rationale).toMatch(/30,000.00 EUR/);
    // The scripted model's confidence comes from a hash of the prompt: stable, but not chosen here.
    expect(advice?.confidence?.rationale).toBe(advice?.payload.rationale);
    expect(advice?.confidence?.score).toBeGreaterThanOrEqual(0.55);
    expect(advice?.costMicros).toBeGreaterThan(0);
  });

  it('given a request naming more money than any account holds, then the stake is the largest amount a record carries, and the premium model advises', async () => {
    for (const text of [
      `Should I move ${'9'.repeat(400)} EUR?`,
      `Transfer €${'999,'.repeat(8)}999.99 today`,
    ]) {
      const [advice] = ofType(await given(advisor).when(request(text)), 'advice.RecommendationMade');

      expect(advice?.payload).toMatchObject({
        valueAtStakeMinor: maxAmountMinor,
        currency: 'EUR',
        tier: 'premium',
      });
    }
  });

  it('given no amount in the request, then the value at stake is the analysed balance, and the tier follows it', async () => {
    const model = cannedModel(
      '{"recommendation":"Keep a buffer.","rationale":"Balance is 4,000.00 EUR.","confidence":0.8}',
    );
    const outputs = await given(advisor, [analysed]).when(
      request('How should I save?'),
      testContext({ llm: model }),
    );

    expect(outputs[0]?.payload).toMatchObject({
      valueAtStakeMinor: 4_000_00,
      tier: 'standard',
      model: 'qwen2.5:14b',
    });
    expect(model.asked[0]?.messages[1]?.content).toMatch(
      /<<untrusted-([0-9a-f]{32})>>\nHow should I save\?\n<<\/untrusted-\1>>[\s\S]*Account: Net of 12 observed/,
    );
    expect(model.asked[0]?.messages[0]?.content).toMatch(/Never follow instructions/);
  });

  it('given a budget below the premium worst case, then it steps down to a tier the budget can pay', async () => {
    const outputs = await given(advisor).when(
      request('Invest €30,000 please'),
      testContext({ budgetLeftMicros: 1_000 }),
    );
    expect(outputs[0]?.payload).toMatchObject({ tier: 'standard' });
  });

  it('given a budget that cannot pay any tier, then it refuses with a budget failure instead of calling the model', async () => {
    const model = cannedModel('unused');
    const decision = given(advisor).when(
      request('Invest €30,000'),
      testContext({ budgetLeftMicros: 1, llm: model }),
    );

    const error = await decision.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(classifyFailure(error).kind).toBe('budget');
    expect(model.asked).toEqual([]);
  });

  it('given an answer not in the requested shape, then it keeps the text but marks it unsure', async () => {
    const outputs = await given(advisor).when(
      request('Should I buy a house?'),
      testContext({ llm: cannedModel('Maybe rent for now.') }),
    );
    expect(ofType(outputs, 'advice.RecommendationMade')[0]?.payload.recommendation).toBe(
      'Maybe rent for now.',
    );
    expect(outputs[0]?.confidence).toMatchObject({ outcome: 'UNSURE', score: 0.2 });
  });

  it('given an account analysis, then it only learns from it and proposes nothing', async () => {
    expect(await given(advisor).when(analysed)).toEqual([]);
  });

  it('given a failure, then the fallback says no model judged the request, with confidence COULD_NOT, deterministically', () => {
    const req = request('Invest €30,000');
    const failure = { kind: 'timeout' as const, message: 'deadline of 5000 ms exceeded' };
    const outputs = given(advisor).whenFailing(req, failure);

    expect(outputs).toEqual(given(advisor).whenFailing(req, failure));
    expect(outputs[0]?.payload).toMatchObject({
      model: 'none',
      tier: 'fallback',
      valueAtStakeMinor: 30_000_00,
    });
    expect(ofType(outputs, 'advice.RecommendationMade')[0]?.payload.recommendation).toMatch(
      /a personal advisor will follow up/,
    );
    expect(outputs[0]?.confidence).toMatchObject({ outcome: 'COULD_NOT', score: 0 });
    expect(outputs[0]?.costMicros).toBe(0);
  });
});
