// Why a record could not be decoded. A closed list, so an error code is a union type and each
// one is a dead-letter reason an operator can act on.
export const decodeErrorCodes = [
  'EMPTY',
  'OVERSIZE',
  'NOT_WIRE_FORMAT',
  'UNKNOWN_SCHEMA',
  'WRONG_SCHEMA',
  'INVALID_AVRO',
  'INVALID_PAYLOAD',
] as const;
export type DecodeErrorCode = (typeof decodeErrorCodes)[number];

/** A record that will never decode: retrying is pointless, it belongs in sg.dlq. */
export class DecodeError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'DecodeError';
  }
}

/** The schema registry could not be reached: the same record may decode on a later try. */
export class RegistryUnavailableError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}

export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
