import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';

const phonesIn = (text: string): string[] =>
  findPii(text, ['PHONE']).map(({ start, end }) => text.slice(start, end));

describe('phone numbers in text', () => {
  it.each([
    ['E.164 with spaces', 'call +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['E.164 unformatted', 'whatsapp +919876543210', '+919876543210'],
    ['NANP with an area code in parentheses', 'tel: (415) 555-2671.', '(415) 555-2671'],
    ['NANP with a plus and parentheses', 'at +1 (415) 555-2671', '+1 (415) 555-2671'],
    ['NANP dashed', 'my number is 415-555-2671', '415-555-2671'],
    ['UK national with trunk 0', 'ring 020 7946 0958', '020 7946 0958'],
    ['French national in pairs', 'portable 06 12 34 56 78', '06 12 34 56 78'],
    ['Indian mobile 5-5', 'mobile 98765 43210', '98765 43210'],
    ['bare Indian mobile after a phone word', 'call me on 9876543210', '9876543210'],
  ])('finds %s', (_, text, phone) => {
    expect(phonesIn(text)).toEqual([phone]);
  });

  it('ignores bare ten-digit runs without a phone word', () => {
    expect(phonesIn('customer id 9876543210 and order 4155552671')).toEqual([]);
  });

  it('ignores amounts, dates, times and decimal numbers', () => {
    const text =
      'Paid +1,250.00 USD on 2024-01-15 at 10:30; balance 415 555 2671 EUR; rate 12.345.678; +12 500 000 €';

    expect(phonesIn(text)).toEqual([]);
  });

  it('ignores a phone-shaped number after a reference word', () => {
    expect(phonesIn('Ref 415-555-2671 settled; invoice 020 7946 0958')).toEqual([]);
  });

  it('lets a phone word outweigh a reference word', () => {
    expect(phonesIn('account holder phone 415-555-2671')).toEqual(['415-555-2671']);
  });

  it('ignores identifiers glued to letters or dashes', () => {
    expect(phonesIn('TXN-415-555-2671 and ID415-555-2671')).toEqual([]);
  });
});
