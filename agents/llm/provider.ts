// One interface for every language model: an OpenAI-compatible HTTP server (Ollama, vLLM, a
// hosted API) or the deterministic scripted model. Cost is part of the answer, so budgets can
// be enforced by whoever calls.

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface CompletionRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
}

export interface Completion {
  readonly text: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Cost of this call from the price table, in millionths of the budget currency. */
  readonly costMicros: number;
  /** The model that answered, as the server reports it. */
  readonly model: string;
}

export interface LlmProvider {
  complete(request: CompletionRequest): Promise<Completion>;
}
