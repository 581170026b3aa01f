// Each detector must return on a megabyte of text built to slow it down. Nothing here asserts on
// time (machines differ); `npx tsx bench/detectors.bench.ts` prints the cost per megabyte.
import { describe, expect, it } from 'vitest';
import { assessInjection } from './injection.ts';
import { findPii } from './pii.ts';
import { HOSTILE_INPUTS, MEGABYTE } from './testing/hostileInputs.ts';

const cases = Object.entries(HOSTILE_INPUTS);
// A megabyte costs well under a second of CPU, but a busy machine may stretch that past vitest's
// default 5 s; only a super-linear scan, which would not finish at all, should fail these.
const UNHURRIED_MS = 60_000;

describe('a megabyte of hostile text', () => {
  it('is what every case holds', () => {
    expect(cases.every(([, text]) => text.length >= MEGABYTE - 1)).toBe(true);
  });

  it.each(cases)(
    'findPii returns well-formed findings on %s',
    (_, text) => {
      const findings = findPii(text);

      expect(
        findings.every(
          ({ start, end }, i) => start < end && end <= text.length && start >= (findings[i - 1]?.end ?? 0),
        ),
      ).toBe(true);
    },
    UNHURRIED_MS,
  );

  it.each(cases)(
    'assessInjection returns a score on %s',
    (_, text) => {
      const { score, signals } = assessInjection(text);

      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      expect(Array.isArray(signals)).toBe(true);
    },
    UNHURRIED_MS,
  );

  it(
    'still finds every card in a megabyte of them',
    () => {
      const text = HOSTILE_INPUTS['Luhn-valid cards back to back']!;

      expect(findPii(text, ['CARD'])).toHaveLength(Math.floor(text.length / '4111 1111 1111 1111 '.length));
    },
    UNHURRIED_MS,
  );
});
