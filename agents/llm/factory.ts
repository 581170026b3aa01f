// Which provider the agents get: an OpenAI-compatible server behind a circuit breaker when
// LLM_BASE_URL is set, otherwise the deterministic scripted model (the offline default).
import { CircuitBreaker, type BreakerOptions } from './breaker.ts';
import { withBreaker } from './guarded.ts';
import { OpenAiCompatibleProvider } from './openai.ts';
import type { PriceTable } from './pricing.ts';
import type { LlmProvider } from './provider.ts';
import { ScriptedModel } from './scripted.ts';

export interface ProviderSettings {
  readonly prices: PriceTable;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly breaker?: Partial<BreakerOptions>;
}

export function createLlmProvider(settings: ProviderSettings): LlmProvider {
  const env = settings.env ?? process.env;
  const baseUrl = env.LLM_BASE_URL;
  if (!baseUrl) return new ScriptedModel(settings.prices);
  const http = new OpenAiCompatibleProvider({
    baseUrl,
    prices: settings.prices,
    ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}),
    ...(env.LLM_TIMEOUT_MS ? { timeoutMs: Number(env.LLM_TIMEOUT_MS) } : {}),
  });
  const breaker = new CircuitBreaker(`llm:${baseUrl}`, {
    failureThreshold: 5,
    coolDownMs: 30_000,
    ...settings.breaker,
  });
  return withBreaker(http, breaker);
}
