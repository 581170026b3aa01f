import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';
import { isValidIban } from './iban.ts';

const ibansIn = (text: string): string[] =>
  findPii(text, ['IBAN']).map(({ start, end }) => text.slice(start, end));

describe('isValidIban', () => {
  it.each([
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'NO9386011117947',
    'MT84MALT011000012345MTLCAST001S',
    'BR1800360305000010009795493C1',
  ])('accepts %s', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ['a wrong check digit pair', 'DE88370400440532013000'],
    ['a changed account digit', 'DE89370400440532013001'],
    ["a length that is not the country's", 'DE8937040044053201300'],
    ['an unknown country', 'XX89370400440532013000'],
    ['check digits 00', 'DE00370400440532013000'],
  ])('rejects %s', (_, iban) => {
    expect(isValidIban(iban)).toBe(false);
  });
});

describe('IBANs in text', () => {
  it('finds the electronic form, the print form in groups of four, and lower case', () => {
    const text = 'Pay DE89370400440532013000, or GB82 WEST 1234 5698 7654 32, or nl91abna0417164300.';

    expect(ibansIn(text)).toEqual([
      'DE89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
      'nl91abna0417164300',
    ]);
  });

  it('ignores an IBAN-shaped string that fails mod-97, and one glued to a longer word', () => {
    const text = 'Ref DE89370400440532013001 and XDE89370400440532013000 and DE8937040044053201300099';

    expect(ibansIn(text)).toEqual([]);
  });

  it('does not take spaces that are not between groups of four', () => {
    expect(ibansIn('DE 89 3704 0044 0532 0130 00')).toEqual([]);
  });
});
