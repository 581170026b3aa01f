import { describe, expect, it } from 'vitest';
import { duplicatePolicy } from './duplicate.ts';
import { NOW, aProposal, aView } from './test-support.ts';

describe('duplicate policy', () => {
  const policy = duplicatePolicy({ windowMs: 60_000 });
  const proposal = aProposal({ envelope: { id: 'evt-1' } });

  it('allows an event id it has not delivered', () => {
    expect(policy.evaluate(proposal, aView({ delivered: { 'evt-2': NOW - 1_000 } }), []).verdict).toBe(
      'ALLOW',
    );
  });

  it('denies an event id delivered within the window, saying when', () => {
    expect(policy.evaluate(proposal, aView({ delivered: { 'evt-1': NOW - 59_000 } }), [])).toEqual({
      verdict: 'DENY',
      reason: `event evt-1 was already delivered at ${new Date(NOW - 59_000).toISOString()}`,
    });
  });

  it('allows the id again once the window has passed', () => {
    expect(policy.evaluate(proposal, aView({ delivered: { 'evt-1': NOW - 60_000 } }), []).verdict).toBe(
      'ALLOW',
    );
  });

  it('refuses a window longer than the gate remembers', () => {
    expect(() => duplicatePolicy({ windowMs: 2 * 60 * 60 * 1000 })).toThrow(/at most 3600000 ms/);
  });
});
