import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';

const cardsIn = (text: string): string[] =>
  findPii(text, ['CARD']).map(({ start, end }) => text.slice(start, end));

describe('card numbers in text', () => {
  it.each([
    ['Visa, spaced 4-4-4-4', 'card 4111 1111 1111 1111 please', '4111 1111 1111 1111'],
    ['Mastercard, dashed', 'use 5555-5555-5555-4444 today', '5555-5555-5555-4444'],
    ['Amex, 4-6-5', 'amex 3782 822463 10005.', '3782 822463 10005'],
    ['Discover, unformatted', 'no.6011111111111117', '6011111111111117'],
    ['Mastercard 2-series', '(2223003122003222)', '2223003122003222'],
    ['Diners, 14 digits', 'diners 30569309025904', '30569309025904'],
  ])('finds %s', (_, text, card) => {
    expect(cardsIn(text)).toEqual([card]);
  });

  it('ignores a Luhn-invalid number of card shape', () => {
    expect(cardsIn('card 4111 1111 1111 1112')).toEqual([]);
  });

  it('ignores a Luhn-valid number outside every issuer range or length', () => {
    // 1234 5678 9012 3452 passes Luhn but no scheme issues cards starting with 1; Amex has 15 digits, not 16.
    expect(cardsIn('ref 1234 5678 9012 3452 and 3400 0000 0000 0000')).toEqual([]);
  });

  it('ignores digits glued to words, decimals or currency', () => {
    const text = 'TXN4111111111111111 INV-4111111111111111 4111111111111111.00 $4111111111111111';

    expect(cardsIn(text)).toEqual([]);
  });

  it('ignores a card-length run inside a longer digit run', () => {
    expect(cardsIn('trace 94111111111111111')).toEqual([]);
  });

  it('ignores groups that no card is printed in', () => {
    expect(cardsIn('41 11 11 11 11 11 11 11 and 4111.1111.1111.1111')).toEqual([]);
  });
});
