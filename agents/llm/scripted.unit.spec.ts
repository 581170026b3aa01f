import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './scripted.ts';

const prices = { 'llama3.2:3b': { promptPer1k: 20, completionPer1k: 40 } };
const model = new ScriptedModel(prices);
const ask = (content: string) =>
  model.complete({ model: 'llama3.2:3b', messages: [{ role: 'user', content }], maxTokens: 300 });

describe('ScriptedModel', () => {
  it('given the same prompt twice, then it answers identically', async () => {
    expect(await ask('I want to invest 25,000.00 EUR')).toEqual(await ask('I want to invest 25,000.00 EUR'));
  });

  it('answers in the JSON shape the advisor asks for, with a rationale taken from the prompt', async () => {
    const answer = JSON.parse(
      (await ask('I would like to invest 25,000.00 EUR for ten years')).text,
    ) as Record<string, unknown>;
    expect(answer.recommendation).toMatch(/fund/);
    expect(answer.rationale).toMatch(/investing.*25,000\.00 EUR/);
    expect(answer.confidence).toBeGreaterThanOrEqual(0.55);
  });

  it('given a request it cannot place, then its confidence stays low', async () => {
    const answer = JSON.parse((await ask('hello there')).text) as { confidence: number };
    expect(answer.confidence).toBeLessThan(0.5);
  });

  it('counts tokens and charges them at the named model price', async () => {
    const completion = await ask('Can I get a loan?');
    expect(completion.promptTokens).toBeGreaterThan(0);
    expect(completion.completionTokens).toBeGreaterThan(0);
    expect(completion.costMicros).toBe(
      Math.ceil((completion.promptTokens * 20 + completion.completionTokens * 40) / 1000),
    );
  });

  it('refuses an unpriced model and an aborted signal', async () => {
    await expect(model.complete({ model: 'gpt-x', messages: [], maxTokens: 10 })).rejects.toMatchObject({
      code: 'UNPRICED_MODEL',
    });
    await expect(
      model.complete({ model: 'llama3.2:3b', messages: [], maxTokens: 10, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
