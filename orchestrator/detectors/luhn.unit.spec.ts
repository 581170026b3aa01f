import { describe, expect, it } from 'vitest';
import { isLuhnValid } from './luhn.ts';

describe('isLuhnValid', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '30569309025904'])(
    'accepts the test card number %s',
    (digits) => {
      expect(isLuhnValid(digits)).toBe(true);
    },
  );

  it.each([
    ['a single changed digit', '4111111111111112'],
    ['two adjacent digits swapped', '1411111111111111'],
    ['no digits at all', ''],
    ['a separator left in', '4111 1111 1111 1111'],
  ])('rejects %s', (_, digits) => {
    expect(isLuhnValid(digits)).toBe(false);
  });
});
