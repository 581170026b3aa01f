import { describe, expect, it } from 'vitest';
import { isVerhoeffValid } from './verhoeff.ts';

describe('isVerhoeffValid', () => {
  it.each(['2363', '234567890124', '498765432102', '890123456784'])(
    'accepts %s, whose last digit is its check digit',
    (digits) => {
      expect(isVerhoeffValid(digits)).toBe(true);
    },
  );

  it('catches every adjacent transposition, which Luhn misses for 09/90', () => {
    const valid = '234567890124';

    const swaps = Array.from(
      { length: valid.length - 1 },
      (_, i) => valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2),
    );

    expect(swaps.filter((swapped) => swapped !== valid && isVerhoeffValid(swapped))).toEqual([]);
  });

  it.each([
    ['a changed check digit', '234567890125'],
    ['an empty string', ''],
    ['a non-digit', '23456789012a'],
  ])('rejects %s', (_, digits) => {
    expect(isVerhoeffValid(digits)).toBe(false);
  });
});
