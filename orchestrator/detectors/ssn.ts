// US Social Security numbers as written: 3-2-4 with dashes or spaces. Nine bare digits are an
// SSN only when the text says so. The SSA never issues area 000, 666 or 9xx, group 00 or serial
// 0000, and a few numbers printed in advertisements were voided.
import { keywords, mentionsAny, textBefore } from './context.ts';
import type { NumberWindow } from './numberWindows.ts';

const SSN_WORDS = keywords([
  'ssn',
  'social security',
  'soc sec',
  'social sec',
  'ss#',
  'ss #',
  'ss no',
  'itin',
  'tin',
]);
const VOIDED = new Set(['078051120', '219099999', '123456789']);

export function isIssuableSsn(digits: string): boolean {
  const area = digits.slice(0, 3);
  return (
    digits.length === 9 &&
    area !== '000' &&
    area !== '666' &&
    area[0] !== '9' &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000' &&
    !VOIDED.has(digits)
  );
}

/** 3-2-4 with dashes or spaces, or nine bare digits (which then need an SSN word before them). */
export const isSsnLayout = (groups: readonly number[], separator: string): boolean =>
  groups.length === 1 ||
  (groups.length === 3 && groups[0] === 3 && groups[1] === 2 && groups[2] === 4 && separator !== '.');

const isNamedIfBare = (text: string, window: NumberWindow): boolean =>
  window.groups.length > 1 || mentionsAny(textBefore(text, window.start), SSN_WORDS);

export const isSsn = (text: string, window: NumberWindow): boolean =>
  window.digits.length === 9 &&
  isSsnLayout(window.groups, window.separator) &&
  isIssuableSsn(window.digits) &&
  isNamedIfBare(text, window);
