// Aadhaar numbers: 12 digits, first digit 2-9, Verhoeff check digit, written whole or as 4-4-4.
// Verhoeff still lets one random 12-digit number in ten through, and Indian payment references
// (UTR, RRN) are 12 digits too, so a reference word before the number outweighs the checksum
// unless an Aadhaar word is there as well.
import { keywords, mentionsAny, REFERENCE_WORDS, textBefore } from './context.ts';
import type { NumberWindow } from './numberWindows.ts';
import { isVerhoeffValid } from './verhoeff.ts';

const AADHAAR_WORDS = keywords(['aadhaar', 'aadhar', 'adhaar', 'adhar', 'uid', 'uidai', 'आधार']);

export const isAadhaarLayout = (groups: readonly number[], separator: string): boolean =>
  groups.length === 1 ||
  (separator !== '.' && groups.length === 3 && groups[0] === 4 && groups[1] === 4 && groups[2] === 4);

export function isAadhaarNumber(text: string, window: NumberWindow): boolean {
  if (
    window.digits.length !== 12 ||
    window.digits[0]! < '2' ||
    !isAadhaarLayout(window.groups, window.separator)
  ) {
    return false;
  }
  if (!isVerhoeffValid(window.digits)) return false;
  const before = textBefore(text, window.start);
  return mentionsAny(before, AADHAAR_WORDS) || !mentionsAny(before, REFERENCE_WORDS);
}
