// The offline default model: no network, no randomness. It reads the last user message, picks
// a recommendation for the topic it recognises, and derives the variant and the confidence from
// a hash of the prompt (spotlight boundary codes blanked), so the same prompt always gets the same answer. It charges what the
// named model would cost, so budgets and tiering behave offline as they will in production.
import { createHash } from 'node:crypto';
import { LlmError } from './errors.ts';
import { costMicros, estimatePromptTokens, estimateTokens, priceOf, type PriceTable } from './pricing.ts';
import type { Completion, CompletionRequest, LlmProvider } from './provider.ts';
import { withoutBoundaryCodes } from './spotlight.ts';

interface Topic {
  readonly keywords: readonly string[];
  readonly recommendations: readonly string[];
  readonly because: string;
}

const topics: readonly Topic[] = [
  {
    keywords: ['card', 'fraud', 'stolen', 'dispute', 'chargeback'],
    recommendations: ['blocking the card now and opening a dispute for the unrecognised payments'],
    because: 'the customer reports a card problem; blocking first prevents further loss',
  },
  {
    keywords: ['invest', 'fund', 'stock', 'portfolio', 'etf'],
    recommendations: [
      'a diversified, low-cost index fund portfolio matched to the stated horizon',
      'a staged investment in a balanced fund, keeping three months of expenses in cash',
    ],
    because: 'the customer asks about investing; diversification limits the risk of a single holding',
  },
  {
    keywords: ['save', 'saving', 'deposit', 'interest'],
    recommendations: [
      'a fixed-term savings deposit for the amount not needed within a year',
      'an instant-access savings account with a standing transfer after each salary',
    ],
    because: 'the customer wants to save; separating savings from spending protects them',
  },
  {
    keywords: ['loan', 'mortgage', 'borrow', 'credit'],
    recommendations: [
      'a fixed-rate loan with a repayment below a third of monthly income',
      'an affordability review before any new borrowing',
    ],
    because: 'the customer asks about borrowing; repayments must stay affordable',
  },
  {
    keywords: ['transfer', 'send', 'pay', 'payment'],
    recommendations: ['a verified transfer to a saved payee, confirming the beneficiary name before sending'],
    because: 'the customer wants to move money; verifying the payee prevents misdirected payments',
  },
];

const unknownTopic: Topic = {
  keywords: [],
  recommendations: ['a call with a personal advisor to clarify the request'],
  because: 'the request does not match a topic this model recognises',
};

export class ScriptedModel implements LlmProvider {
  constructor(private readonly prices: PriceTable) {}

  complete(request: CompletionRequest): Promise<Completion> {
    // Through a promise so that every refusal is a rejection, as with a real server.
    return Promise.resolve(request).then((r) => this.answer(r));
  }

  private answer(request: CompletionRequest): Completion {
    if (request.signal?.aborted) throw new LlmError('ABORTED', 'aborted before the call', false);
    const price = priceOf(this.prices, request.model);
    const prompt = request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
    const digest = createHash('sha256')
      .update(request.model)
      .update(withoutBoundaryCodes(JSON.stringify(request.messages)))
      .digest();
    const text = JSON.stringify(recommend(prompt, digest)).slice(0, request.maxTokens * 4);
    const usage = {
      promptTokens: estimatePromptTokens(request.messages),
      completionTokens: estimateTokens(text),
    };
    return { text, ...usage, costMicros: costMicros(price, usage), model: request.model };
  }
}

function recommend(
  prompt: string,
  digest: Buffer,
): { recommendation: string; rationale: string; confidence: number } {
  const lower = prompt.toLowerCase();
  const topic =
    topics.find((candidate) => candidate.keywords.some((word) => lower.includes(word))) ?? unknownTopic;
  const recommendation = topic.recommendations[(digest[0] ?? 0) % topic.recommendations.length] ?? '';
  const amount = /\d[\d,]*(?:\.\d+)?\s*[A-Z]{3}\b/.exec(prompt)?.[0];
  const rationale = `${topic.because}${amount ? `; the amount involved is ${amount}` : ''}.`;
  // Recognised topics land between 0.55 and 0.95; an unrecognised one stays low.
  const spread = (digest[1] ?? 0) / 255;
  const confidence = topic === unknownTopic ? 0.3 : Math.round((0.55 + spread * 0.4) * 100) / 100;
  return { recommendation: `We recommend ${recommendation}.`, rationale, confidence };
}
