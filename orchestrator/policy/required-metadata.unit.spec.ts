import { describe, expect, it } from 'vitest';
import { requiredMetadataPolicy } from './required-metadata.ts';
import { aProposal, aView, NOW } from './test-support.ts';

describe('required-metadata policy', () => {
  const policy = requiredMetadataPolicy();
  const verdictOf = (proposal: ReturnType<typeof aProposal>) => policy.evaluate(proposal, aView(), []);

  it('allows a complete upstream envelope', () => {
    expect(verdictOf(aProposal())).toEqual({ verdict: 'ALLOW', reason: 'envelope metadata complete' });
  });

  it('denies blank ids and actor fields, listing each one', () => {
    // given an envelope whose correlation id and tenant are whitespace
    const proposal = aProposal({ envelope: { correlationId: '  ', actor: { tenantId: '' } } });
    // when evaluated
    const result = verdictOf(proposal);
    // then both problems are named
    expect(result.verdict).toBe('DENY');
    expect(result.reason).toBe('correlationId is missing or blank; actor.tenantId is missing or blank');
  });

  it('denies an event type that is not <domain>.<EventName>', () => {
    expect(verdictOf(aProposal({ envelope: { type: 'TransactionPosted' } })).reason).toBe(
      'type is not <domain>.<EventName>',
    );
  });

  it('denies an event dated beyond the allowed clock skew', () => {
    const result = verdictOf(aProposal({ envelope: { occurredAt: NOW + 600_000 } }));
    expect(result).toEqual({ verdict: 'DENY', reason: 'occurredAt is 600000 ms ahead of the gate clock' });
  });

  it('denies an agent output that does not name its cause, and allows it once it does', () => {
    const withoutCause = aProposal({
      origin: 'proposed',
      envelope: { type: 'fraud.RiskScored', source: 'fraud', hops: 1 },
    });
    const withCause = aProposal({
      origin: 'proposed',
      envelope: { type: 'fraud.RiskScored', source: 'fraud', hops: 1, causationId: 'evt-0001' },
    });
    expect(verdictOf(withoutCause).reason).toBe('causationId is missing or blank');
    expect(verdictOf(withCause).verdict).toBe('ALLOW');
  });

  it('denies a malformed traceparent', () => {
    expect(verdictOf(aProposal({ envelope: { traceparent: 'not-a-trace' } })).reason).toBe(
      'traceparent is not W3C trace context',
    );
  });

  it('survives a decoder that left the actor out', () => {
    const proposal = aProposal({ envelope: { actor: null } });
    expect(verdictOf(proposal).verdict).toBe('DENY');
  });
});

describe('required-metadata policy on identifiers', () => {
  const policy = requiredMetadataPolicy();
  const verdictOf = (proposal: ReturnType<typeof aProposal>) => policy.evaluate(proposal, aView(), []);

  it('denies a NUL in the correlation id, naming the field', () => {
    const result = verdictOf(aProposal({ envelope: { correlationId: 'wf-\u0000' } }));
    expect(result).toEqual({
      verdict: 'DENY',
      reason: 'correlationId contains a control character, U+0000 at index 3',
    });
  });

  it('denies a zero-width space in the actor and an oversize source, listing both', () => {
    const proposal = aProposal({ envelope: { source: 's'.repeat(129), actor: { userId: 'amy\u200b' } } });
    expect(verdictOf(proposal).reason).toBe(
      'source is 129 characters long; at most 128; actor.userId contains a format character (zero-width, bidi or BOM), U+200B at index 3',
    );
  });
});
