// Token and cost accounting. Prices are per 1,000 tokens in millionths of the budget currency,
// so costs are integers and a workflow's spend adds up exactly.
import { LlmError } from './errors.ts';
import type { ChatMessage } from './provider.ts';

export interface ModelPrice {
  readonly promptPer1k: number;
  readonly completionPer1k: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** The price of a model; an unpriced model is refused so that no call is ever free by accident. */
export function priceOf(prices: PriceTable, model: string): ModelPrice {
  const price = prices[model];
  if (!price) throw new LlmError('UNPRICED_MODEL', `no price for model ${model} in the price table`, false);
  return price;
}

/** Rounded up: a fraction of a micro is still spent. */
export function costMicros(price: ModelPrice, usage: TokenUsage): number {
  return Math.ceil(
    (usage.promptTokens * price.promptPer1k + usage.completionTokens * price.completionPer1k) / 1000,
  );
}

/** The most a call can cost: the whole completion allowance is used. */
export function worstCaseCostMicros(price: ModelPrice, promptTokens: number, maxTokens: number): number {
  return costMicros(price, { promptTokens, completionTokens: maxTokens });
}

/** About four characters per token for English text; used where the server reports no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Chat formats add a few tokens of framing per message. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + 4, 0);
}
