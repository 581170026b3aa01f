// One error family for model calls, keyed on `retriable` (as KafkaJS does): a retry layer or the
// circuit breaker decides from that flag alone. Codes are a closed list, so a code is a union type.
export const llmErrorCodes = [
  'HTTP_STATUS',
  'TIMEOUT',
  'ABORTED',
  'NETWORK',
  'BAD_RESPONSE',
  'UNPRICED_MODEL',
] as const;
export type LlmErrorCode = (typeof llmErrorCodes)[number];

export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly retriable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'LlmError';
  }
}

/** An HTTP status worth retrying: the server is overloaded or failing, not the request. */
export function retriableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
