import { describe, expect, it } from 'vitest';
import { REDACTED, isRedacted, shownContent } from './story-content.ts';

describe("a story step's content", () => {
  it('keeps the field names of a PII record and none of its values', () => {
    const payload = {
      customerId: 'cust-77',
      text: 'my IBAN is DE89 3704 0044 0532 0130 00',
      amountMinor: 7_500_000,
      urgent: true,
    };

    expect(isRedacted('PII')).toBe(true);
    expect(shownContent(payload, true)).toEqual({
      customerId: REDACTED,
      text: REDACTED,
      amountMinor: REDACTED,
      urgent: true,
    });
  });

  it('shows an INTERNAL record, with bytes and big numbers readable and long text shortened', () => {
    const payload = {
      score: 0.4,
      reasons: ['velocity'],
      raw: Buffer.from('abc'),
      big: 10n,
      note: 'x'.repeat(400),
    };

    expect(isRedacted('INTERNAL')).toBe(false);
    expect(shownContent(payload, false)).toEqual({
      score: 0.4,
      reasons: ['velocity'],
      raw: '[3 bytes]',
      big: '10',
      note: `${'x'.repeat(300)}…`,
    });
  });
});
