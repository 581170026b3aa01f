// A client for the OpenAI-compatible chat completions API, which Ollama, vLLM and hosted
// providers all serve. Every failure becomes an LlmError whose `retriable` flag says whether
// trying again could help; a deadline on the caller's signal is honoured while waiting for
// headers and while reading the body.
import { z } from 'zod';
import { LlmError, retriableStatus } from './errors.ts';
import { costMicros, estimatePromptTokens, estimateTokens, priceOf, type PriceTable } from './pricing.ts';
import type { Completion, CompletionRequest, LlmProvider } from './provider.ts';

export interface OpenAiCompatibleOptions {
  /** E.g. http://127.0.0.1:11434/v1 for Ollama; /chat/completions is appended. */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly prices: PriceTable;
  /** Upper bound for one call even when the caller gives no signal. */
  readonly timeoutMs?: number;
}

const responseSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .optional(),
});

export class OpenAiCompatibleProvider implements LlmProvider {
  private readonly url: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const price = priceOf(this.options.prices, request.model);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers(),
        body: this.body(request),
        signal,
      });
      if (!response.ok) {
        const detail = (await response.text()).slice(0, 300);
        throw new LlmError(
          'HTTP_STATUS',
          `${response.status} from ${this.url}: ${detail}`,
          retriableStatus(response.status),
          response.status,
        );
      }
      const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success)
        throw new LlmError(
          'BAD_RESPONSE',
          `unexpected body from ${this.url}: ${parsed.error.message}`,
          false,
        );
      const text = parsed.data.choices[0]?.message.content ?? '';
      const usage = {
        promptTokens: parsed.data.usage?.prompt_tokens ?? estimatePromptTokens(request.messages),
        completionTokens: parsed.data.usage?.completion_tokens ?? estimateTokens(text),
      };
      return {
        text,
        ...usage,
        costMicros: costMicros(price, usage),
        model: parsed.data.model ?? request.model,
      };
    } catch (error) {
      throw error instanceof LlmError ? error : transportError(error, signal);
    }
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private body(request: CompletionRequest): string {
    const { model, messages, maxTokens } = request;
    // temperature 0: the same prompt should give the same advice as far as the server allows.
    return JSON.stringify({ model, messages, max_tokens: maxTokens, temperature: 0, stream: false });
  }
}

/** A fetch that never got an answer: aborted by a deadline, cancelled, or a network failure. */
function transportError(error: unknown, signal: AbortSignal): LlmError {
  const message = error instanceof Error ? error.message : String(error);
  if (!signal.aborted) return new LlmError('NETWORK', message, true, undefined, { cause: error });
  const reason: unknown = signal.reason;
  const timedOut =
    reason instanceof Error && (reason.name === 'TimeoutError' || reason.name === 'DeadlineExceededError');
  return timedOut
    ? new LlmError('TIMEOUT', reason.message, true, undefined, { cause: reason })
    : new LlmError('ABORTED', 'the caller cancelled the call', false, undefined, { cause: reason });
}
