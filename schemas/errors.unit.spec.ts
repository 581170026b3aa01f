import { describe, expect, it } from 'vitest';
import { DecodeError, isRetriable, RegistryUnavailableError } from './errors.ts';

const kafkaJs = (name: string, retriable: boolean, cause?: unknown) =>
  Object.assign(new Error(name), { name, retriable, cause });

describe('isRetriable', () => {
  it('takes our own errors at their word', () => {
    expect(isRetriable(new RegistryUnavailableError('registry down'))).toBe(true);
    expect(isRetriable(new DecodeError('EMPTY', 'no bytes'))).toBe(false);
  });

  it('counts Kafka failures that end with the outage as retriable, whatever kafkajs flagged', () => {
    const refused = kafkaJs('KafkaJSConnectionError', true);
    expect(isRetriable(kafkaJs('KafkaJSNumberOfRetriesExceeded', false, refused))).toBe(true);
    expect(isRetriable(kafkaJs('KafkaJSNonRetriableError', false, refused))).toBe(true);
    expect(isRetriable(kafkaJs('KafkaJSGroupCoordinatorNotFound', false))).toBe(true);
    expect(isRetriable(kafkaJs('KafkaJSProtocolError', true))).toBe(true); // NOT_LEADER, coordinator loading
    const evicted = Object.assign(kafkaJs('KafkaJSProtocolError', false), { type: 'UNKNOWN_MEMBER_ID' });
    expect(isRetriable(kafkaJs('KafkaJSNonRetriableError', false, evicted))).toBe(true); // rejoin the group
    const desynced = Object.assign(kafkaJs('KafkaJSProtocolError', false), {
      type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    expect(isRetriable(desynced)).toBe(true); // a fresh producer starts a fresh sequence
  });

  it('leaves refusals that a retry cannot fix as they are', () => {
    expect(isRetriable(kafkaJs('KafkaJSSASLAuthenticationError', false))).toBe(false);
    expect(isRetriable(kafkaJs('KafkaJSProtocolError', false))).toBe(false); // e.g. TOPIC_AUTHORIZATION_FAILED
    expect(
      isRetriable(kafkaJs('KafkaJSNonRetriableError', false, kafkaJs('KafkaJSProtocolError', false))),
    ).toBe(false);
    expect(isRetriable(new Error('plain'))).toBe(false);
    expect(isRetriable('text')).toBe(false);
  });
});
