import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';

const emailsIn = (text: string): string[] =>
  findPii(text, ['EMAIL']).map(({ start, end }) => text.slice(start, end));

describe('e-mail addresses in text', () => {
  it('finds addresses, leaving out sentence punctuation around them', () => {
    const text = 'Write to jane.doe+bank@mail.example.co.uk. Or (ops@bank.in)!';

    expect(emailsIn(text)).toEqual(['jane.doe+bank@mail.example.co.uk', 'ops@bank.in']);
  });

  it('finds addresses spelled out with [at] and (dot)', () => {
    const text = 'reach me at jane [at] example [dot] com please';

    expect(emailsIn(text)).toEqual(['jane [at] example [dot] com']);
  });

  it('ignores handles, bare domains and malformed addresses', () => {
    expect(emailsIn('@support, user@localhost, a@b.c, x@-bank.com, a..b@bank.com')).toEqual([]);
  });
});
