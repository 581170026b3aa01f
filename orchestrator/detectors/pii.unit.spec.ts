import { describe, expect, it } from 'vitest';
import { findPii, redactPii } from './pii.ts';

describe('findPii', () => {
  it('finds every kind in one text, in order', () => {
    const text =
      'Card 4111 1111 1111 1111, IBAN DE89370400440532013000, Aadhaar 2345 6789 0124, ' +
      'jane@bank.com, +44 20 7946 0958, SSN 536-22-5811, PAN ABCPE1234F, SWIFT DEUTDEFF.';

    const kinds = findPii(text).map(({ kind }) => kind);

    expect(kinds).toEqual(['CARD', 'IBAN', 'AADHAAR', 'EMAIL', 'PHONE', 'SSN', 'PAN', 'SWIFT']);
  });

  it('looks only for the kinds asked for', () => {
    const text = 'jane@bank.com 4111 1111 1111 1111';

    expect(findPii(text, ['EMAIL']).map(({ kind }) => kind)).toEqual(['EMAIL']);
  });

  it('leaves a memo of amounts, dates and references alone', () => {
    const memo =
      'NEFT CR 14-03-2024 INR 1,25,000.00 UTR SBIN324073912345 ref 987654321012 inv INV-2024-00981 ' +
      'bal 4,83,220.15 txn 4111111111111112 chq 004512 batch 20240314-0042 at 10:42:13 IST';

    expect(findPii(memo)).toEqual([]);
  });

  it('reports one finding where a card number also holds a phone-shaped or Aadhaar-shaped part', () => {
    const text = 'pay with 4111 1111 1111 1111';

    expect(findPii(text)).toEqual([{ kind: 'CARD', start: 9, end: 28 }]);
  });

  it('reports offsets in the original text when it holds invisible and full-width characters', () => {
    const text = '\u200b\u200bcard ４１１１ １１１１ １１１１ １１１１!';

    const [finding] = findPii(text);

    expect(text.slice(finding!.start, finding!.end)).toBe('４１１１ １１１１ １１１１ １１１１');
  });

  it('finds a card number hidden in base64 and reports the whole encoded run', () => {
    const encoded = Buffer.from('card 4111 1111 1111 1111').toString('base64');
    const text = `payload ${encoded} end`;

    expect(findPii(text)).toEqual([{ kind: 'CARD', start: 8, end: 8 + encoded.length }]);
  });
});

describe('redactPii', () => {
  it('replaces each finding with its kind', () => {
    const text = 'Card 4111 1111 1111 1111, mail jane@bank.com.';

    expect(redactPii(text, findPii(text))).toBe('Card [REDACTED:CARD], mail [REDACTED:EMAIL].');
  });

  it('skips overlapping and out-of-range findings instead of garbling the text', () => {
    const text = 'abcdefghij';
    const findings = [
      { kind: 'EMAIL', start: 2, end: 6 },
      { kind: 'PHONE', start: 4, end: 8 },
      { kind: 'CARD', start: 8, end: 20 },
    ] as const;

    expect(redactPii(text, findings)).toBe('ab[REDACTED:EMAIL]ghij');
  });

  it('returns the text unchanged when there is nothing to redact', () => {
    expect(redactPii('nothing here', [])).toBe('nothing here');
  });
});
