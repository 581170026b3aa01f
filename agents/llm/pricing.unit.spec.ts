import { describe, expect, it } from 'vitest';
import { LlmError } from './errors.ts';
import { costMicros, estimatePromptTokens, estimateTokens, priceOf, worstCaseCostMicros } from './pricing.ts';

const prices = {
  small: { promptPer1k: 20, completionPer1k: 40 },
  big: { promptPer1k: 2500, completionPer1k: 10000 },
};

describe('cost accounting', () => {
  it('prices prompt and completion tokens separately, per 1,000 tokens', () => {
    expect(costMicros(prices.big, { promptTokens: 1000, completionTokens: 500 })).toBe(2500 + 5000);
  });

  it('rounds a fraction of a micro up, so small calls are never free', () => {
    expect(costMicros(prices.small, { promptTokens: 1, completionTokens: 0 })).toBe(1);
    expect(costMicros(prices.small, { promptTokens: 0, completionTokens: 0 })).toBe(0);
  });

  it('budgets for the worst case: the whole completion allowance', () => {
    expect(worstCaseCostMicros(prices.small, 500, 300)).toBe(
      costMicros(prices.small, { promptTokens: 500, completionTokens: 300 }),
    );
  });

  it('refuses an unpriced model with a non-retriable error', () => {
    const refusal = (() => {
      try {
        return priceOf(prices, 'mystery');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(LlmError);
    expect(refusal).toMatchObject({ code: 'UNPRICED_MODEL', retriable: false });
  });

  it('estimates tokens at about four characters each, plus framing per message', () => {
    expect(estimateTokens('x'.repeat(400))).toBe(100);
    expect(estimatePromptTokens([{ role: 'user', content: 'x'.repeat(40) }])).toBe(14);
  });
});
