// Small constructors for policy results, so each policy reads as its rule and nothing else.
import type { Exclusion, PolicyResult } from './types.ts';

export const allow = (reason: string): PolicyResult => ({ verdict: 'ALLOW', reason });

export const deny = (reason: string): PolicyResult => ({ verdict: 'DENY', reason });

export const redact = (reason: string, payload: Readonly<Record<string, unknown>>): PolicyResult => ({
  verdict: 'REDACT',
  reason,
  payload,
});

/** A LIMIT that excludes nobody is an ALLOW: the decision record should not claim a limit. */
export function limitOrAllow(
  excluded: readonly Exclusion[],
  limitReason: string,
  allowReason: string,
): PolicyResult {
  return excluded.length === 0 ? allow(allowReason) : { verdict: 'LIMIT', reason: limitReason, excluded };
}

/** Non-empty after trimming: a blank id or tenant is as bad as a missing one. */
export const present = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

export const listed = (values: readonly string[]): string =>
  values.length === 0 ? 'none' : values.join(', ');
