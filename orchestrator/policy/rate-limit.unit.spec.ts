import { describe, expect, it } from 'vitest';
import { rateKeysOf, rateLimitPolicy } from './rate-limit.ts';
import { aProposal, aView } from './test-support.ts';

describe('rate-limit policy', () => {
  const policy = rateLimitPolicy({
    perActor: { limit: 10, windowMs: 60_000, overrides: { 'svc-batch': 1_000 } },
    perSource: { limit: 100, windowMs: 1_000 },
  });
  const proposal = aProposal({
    envelope: { source: 'channel-gateway', actor: { userId: 'cust-42', tenantId: 'retail-eu' } },
  });

  it('counts each record against its actor and its sender', () => {
    expect(rateKeysOf(proposal)).toEqual(['actor:retail-eu/cust-42', 'source:channel-gateway']);
  });

  it('denies an actor at the limit', () => {
    // given the actor already sent 10 records this minute
    const view = aView({ rateCounts: { 'actor:retail-eu/cust-42': 10 } });
    // when one more arrives, then it is denied
    expect(policy.evaluate(proposal, view, [])).toEqual({
      verdict: 'DENY',
      reason: 'actor cust-42 sent 10 records in the last 60000 ms, limit 10',
    });
  });

  it('denies a sender at the limit', () => {
    expect(policy.evaluate(proposal, aView({ rateCounts: { source: 100 } }), []).reason).toBe(
      'sender channel-gateway sent 100 records in the last 1000 ms, limit 100',
    );
  });

  it('allows below the limits, and applies overrides', () => {
    expect(policy.evaluate(proposal, aView({ rateCounts: { actor: 9, source: 99 } }), []).verdict).toBe(
      'ALLOW',
    );
    const batch = aProposal({ envelope: { actor: { userId: 'svc-batch' } } });
    expect(policy.evaluate(batch, aView({ rateCounts: { actor: 500 } }), []).verdict).toBe('ALLOW');
  });

  it("charges an agent's proposal to the agent, not to the actor it acts for", () => {
    const analysis = aProposal({
      origin: 'proposed',
      envelope: { source: 'analyst', actor: { userId: 'cust-42', tenantId: 'retail-eu' } },
    });
    expect(rateKeysOf(analysis)).toEqual(['source:analyst']);
    expect(policy.evaluate(analysis, aView({ rateCounts: { actor: 10, source: 99 } }), []).verdict).toBe(
      'ALLOW',
    );
    expect(policy.evaluate(analysis, aView({ rateCounts: { source: 100 } }), []).reason).toBe(
      'sender analyst sent 100 records in the last 1000 ms, limit 100',
    );
  });

  it('gives a user id named like an Object member no override', () => {
    const sneaky = aProposal({ envelope: { actor: { userId: 'constructor' } } });
    expect(policy.evaluate(sneaky, aView({ rateCounts: { actor: 10 } }), []).verdict).toBe('DENY');
  });
});
