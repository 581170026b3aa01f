// Payment card numbers (PAN in the ISO 7812 sense): 13-19 digits, written whole or in groups of
// 3-6 after a first group of 4 (4-4-4-4, Amex 4-6-5, 4-4-4-4-3), inside an issuer's IIN range for
// that length, and Luhn-valid. Both checks together leave about one random number in a hundred.
import { cardScheme } from './cardIssuers.ts';
import { isLuhnValid } from './luhn.ts';
import type { NumberWindow } from './numberWindows.ts';

export function isCardLayout(groups: readonly number[], separator: string): boolean {
  if (groups.length === 1) return true;
  if (separator === '.' || groups[0] !== 4) return false;
  for (let i = 1; i < groups.length; i++) if (groups[i]! < 3 || groups[i]! > 6) return false;
  return true;
}

export const isCardNumber = (window: NumberWindow): boolean =>
  window.digits.length >= 13 &&
  window.digits.length <= 19 &&
  isCardLayout(window.groups, window.separator) &&
  cardScheme(window.digits) !== undefined &&
  isLuhnValid(window.digits);
