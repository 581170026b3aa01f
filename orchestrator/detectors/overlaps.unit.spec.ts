import { describe, expect, it } from 'vitest';
import { keepLongestNonOverlapping } from './overlaps.ts';
import type { Span } from './span.ts';

describe('keepLongestNonOverlapping', () => {
  it('keeps the longest of overlapping claims and returns the rest in order', () => {
    const spans: Span[] = [
      { kind: 'PHONE', start: 10, end: 20 },
      { kind: 'AADHAAR', start: 0, end: 14 },
      { kind: 'CARD', start: 0, end: 19 },
      { kind: 'EMAIL', start: 30, end: 40 },
    ];

    expect(keepLongestNonOverlapping(spans, 40)).toEqual([
      { kind: 'CARD', start: 0, end: 19 },
      { kind: 'EMAIL', start: 30, end: 40 },
    ]);
  });

  it('breaks a tie in length by the order of the kinds', () => {
    const spans: Span[] = [
      { kind: 'PHONE', start: 0, end: 12 },
      { kind: 'AADHAAR', start: 0, end: 12 },
    ];

    expect(keepLongestNonOverlapping(spans, 12)).toEqual([{ kind: 'AADHAAR', start: 0, end: 12 }]);
  });

  it('keeps spans that only touch', () => {
    const spans: Span[] = [
      { kind: 'PAN', start: 0, end: 10 },
      { kind: 'PAN', start: 10, end: 20 },
    ];

    expect(keepLongestNonOverlapping(spans, 20)).toHaveLength(2);
  });
});
