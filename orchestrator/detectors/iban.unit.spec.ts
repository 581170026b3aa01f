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
    ['a letter where the country allows digits only', 'BE703EC9D0BC240C'],
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
    expect(ibansIn('DE89 37040044 0532 0130 00')).toEqual([]);
  });

  it('finds none in UUIDs, whose groups are not all of four', () => {
    // Each ends in a group that passes mod-97 when read as a Belgian or Estonian IBAN.
    const uuids = ['d7892689-9ff3-4a62-be70-3ec9d0bc240c', '1e97acc9-4bc2-486d-be29-33f30f282b96'];

    for (const uuid of uuids) expect(ibansIn(uuid)).toEqual([]);
  });
});
