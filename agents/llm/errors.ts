// Model call failures, in the one error family (schemas/errors.ts): the circuit breaker decides
// from `retriable` alone. Codes are a closed list, so a code is a union type.
export const llmErrorCodes = [
  'HTTP_STATUS',
  'TIMEOUT',
  'ABORTED',
  'NETWORK',
  'BAD_RESPONSE',
  'UNPRICED_MODEL',
] as const;
export type LlmErrorCode = (typeof llmErrorCodes)[number];

import { SwarmgateError } from '../../schemas/errors.ts';

export class LlmError extends SwarmgateError {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly retriable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

/** An HTTP status worth retrying: the server is overloaded or failing, not the request. */
export function retriableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
