// Finders may claim the same characters ("+1 415 555 2671" is a phone from '+' and from '415';
// a card number contains 12-digit windows). The longest claim wins; ties go to the kind listed
// first in PII_KINDS. A coverage mask keeps this linear in the text length.
import { PII_KINDS } from './kinds.ts';
import type { Span } from './span.ts';

const rank = (span: Span): number => PII_KINDS.indexOf(span.kind);

export function keepLongestNonOverlapping(spans: readonly Span[], textLength: number): Span[] {
  const byPreference = [...spans].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start,
  );
  const covered = new Uint8Array(textLength);
  const kept: Span[] = [];
  for (const span of byPreference) {
    let free = true;
    for (let i = span.start; i < span.end && free; i++) free = covered[i] === 0;
    if (!free) continue;
    covered.fill(1, span.start, span.end);
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
