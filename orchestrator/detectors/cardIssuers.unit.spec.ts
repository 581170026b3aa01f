import { describe, expect, it } from 'vitest';
import { cardScheme } from './cardIssuers.ts';

describe('cardScheme', () => {
  it.each([
    ['4111111111111111', 'visa'],
    ['4000000000006', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['30569309025904', 'diners'],
    ['3530111333300000', 'jcb'],
    ['6011111111111117', 'six-series'],
  ])('knows %s as %s', (digits, scheme) => {
    expect(cardScheme(digits)).toBe(scheme);
  });

  it.each([
    ['a prefix no scheme issues', '1234567890123452'],
    ['an Amex prefix at Visa length', '3400000000000000'],
    ['a Mastercard prefix at 15 digits', '555555555555444'],
    ['a Visa prefix at 14 digits', '40000000000010'],
  ])('rejects %s', (_, digits) => {
    expect(cardScheme(digits)).toBeUndefined();
  });
});
