// The one error family, keyed on `retriable` as KafkaJS's is: every retry layer (the bus
// consumers, the dead-letter sort, the projector, the model breaker, the CLI) decides between
// backing off and giving up from `isRetriable` alone. Our own errors extend SwarmgateError;
// the bus's Kafka client errors are read by name and cause, since kafkajs marks some failures
// that only last while a broker is down (retries ran out, no coordinator yet, a lock timed out
// behind a dead connection) as not retriable.

export abstract class SwarmgateError extends Error {
  /** True when the same call may succeed later: a dependency is down, not the input wrong. */
  abstract readonly retriable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

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
export class DecodeError extends SwarmgateError {
  readonly retriable = false;
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The schema registry could not be reached: the same record may decode on a later try. */
export class RegistryUnavailableError extends SwarmgateError {
  readonly retriable = true;
}

/** A newer producer with the same transactional id took over: this one may never commit again. */
export class ProducerFencedError extends SwarmgateError {
  readonly retriable = false;
  constructor(transactionalId: string) {
    super(`producer ${transactionalId} was fenced by a newer instance with the same transactional id`);
  }
}

/**
 * Kafka client failures that end when the cluster is back, whatever flag kafkajs gave them:
 * retries that ran out (on a retriable cause), a group coordinator not found or loading, a
 * request or lock that timed out behind a dead connection, no broker reachable.
 */
const transientKafkaErrors = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

/**
 * A member the group coordinator dropped (its session ran out under load) or that committed for
 * an old generation: kafkajs flags these not retriable, but joining the group again cures them.
 */
const groupMembershipErrors = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']);

/**
 * A producer whose sequence numbers no longer match the broker's, after retries across a broker
 * failure (kafkajs marks it fatal): every producer of the bus is replaced after a failed send or
 * transaction (bus/kafka/index.ts, transactions.ts), and the new one starts a fresh sequence.
 */
const producerSequenceErrors = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID']);

/**
 * Our errors' own flag decides, else their cause's. A kafkajs error that wraps another is judged
 * by its original cause, as kafkajs' own restart logic does: it wraps a refused connection in a
 * non-retriable error when it gives up on it.
 */
export function isRetriable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const { name, type, retriable, cause } = error as {
    name?: unknown;
    type?: unknown;
    retriable?: unknown;
    cause?: unknown;
  };
  if (typeof name === 'string' && transientKafkaErrors.has(name)) return true;
  if (typeof type === 'string' && (groupMembershipErrors.has(type) || producerSequenceErrors.has(type)))
    return true;
  const fromKafkaJs = typeof name === 'string' && name.startsWith('KafkaJS');
  if (fromKafkaJs && typeof cause === 'object' && cause !== null) return isRetriable(cause, depth + 1);
  if (typeof retriable === 'boolean') return retriable;
  return isRetriable(cause, depth + 1);
}
