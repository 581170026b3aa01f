import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { groupChurnOf } from './consumer.ts';

// kafkajs' own errors, as its protocol layer and its retrier (kafkajs/src/retry) build them.
const protocolError = (type: string, code: number) =>
  Object.assign(new KafkaJSProtocolError(`${type} error`), { type, code });

describe('groupChurnOf', () => {
  it('finds a group change kafkajs wrapped as not retriable', () => {
    const unknownMember = protocolError('UNKNOWN_MEMBER_ID', 25);
    const wrapped = Object.assign(new KafkaJSNonRetriableError(unknownMember), { cause: unknownMember });
    expect(groupChurnOf(wrapped)).toBe(unknownMember);
    expect(groupChurnOf(unknownMember)).toBe(unknownMember);
  });

  it('knows the coordinator moving by kafkajs names', () => {
    expect(groupChurnOf(protocolError('NOT_COORDINATOR_FOR_GROUP', 16))).toBeDefined();
    expect(groupChurnOf(protocolError('GROUP_COORDINATOR_NOT_AVAILABLE', 15))).toBeDefined();
  });

  it('is nothing for other failures', () => {
    expect(groupChurnOf(protocolError('TOPIC_AUTHORIZATION_FAILED', 29))).toBeUndefined();
    expect(groupChurnOf(new Error('handler failed'))).toBeUndefined();
    expect(groupChurnOf(undefined)).toBeUndefined();
  });
});
