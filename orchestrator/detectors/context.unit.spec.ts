import { describe, expect, it } from 'vitest';
import { keywords, mentionsAny, REFERENCE_WORDS, textBefore } from './context.ts';

describe('context before a number', () => {
  it('reads a bounded, lower-cased, accent-free window before the number', () => {
    const text = `${'x'.repeat(100)} Teléfono: 555`;

    expect(textBefore(text, text.indexOf('555'))).toMatch(/telefono: $/);
    expect(textBefore(text, text.indexOf('555')).length).toBeLessThanOrEqual(40);
  });

  it('matches keywords as whole words only', () => {
    const list = keywords(['ref', 'social security']);

    expect(mentionsAny('ref: ', list)).toBe(true);
    expect(mentionsAny('his social security no ', list)).toBe(true);
    expect(mentionsAny('preferred ', list)).toBe(false);
    expect(mentionsAny('refund ', list)).toBe(false);
  });

  it('knows the usual words for payment references', () => {
    expect(
      ['utr ', 'invoice no. ', 'txn id: ', 'a/c '].every((window) => mentionsAny(window, REFERENCE_WORDS)),
    ).toBe(true);
  });
});
