// SWIFT/BIC codes (ISO 9362): 4-letter institution, ISO country, 2-character location, optional
// 3-character branch: "DEUTDEFF", "HSBCGB2L", "SBININBB104". Many upper-case words fit the
// letters-only form ("CUSTOMER" = CUST+OM+ER), so a letters-only code counts only when the text
// names it (SWIFT, BIC); a digit in the location or branch, or the "XXX" head-office branch,
// is strict enough on its own.
import { keywords, mentionsAny, textBefore } from './context.ts';
import { COUNTRY_CODES } from './countries.ts';
import type { Span } from './span.ts';

const SWIFT_WORDS = keywords([
  'swift',
  'bic',
  'swift code',
  'swift/bic',
  'bic/swift',
  'bank identifier',
  'codigo swift',
  'code swift',
]);

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function isBicForm(code: string): boolean {
  for (let k = 0; k < code.length; k++) {
    const c = code.charCodeAt(k);
    if (k < 6 ? !isUpper(c) : !isUpper(c) && !isDigit(c)) return false;
  }
  // The letter O is not allowed as the second character of the location code.
  return COUNTRY_CODES.has(code.slice(4, 6)) && code[7] !== 'O';
}

const hasStrictForm = (code: string): boolean => /\d/.test(code.slice(6)) || code.slice(8) === 'XXX';

// A word of 8 or 11 characters (see isWordCode), upper case with digits allowed after the sixth:
// found by the regex engine, which skips the text between candidates far faster than a loop.
const CANDIDATE =
  /(?<![0-9A-Za-z_\u0080-\uffff])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![0-9A-Za-z_\u0080-\uffff])/g;

export function findSwiftCodes(text: string): Span[] {
  const spans: Span[] = [];
  CANDIDATE.lastIndex = 0; // shared, and never left mid-text: the loop below runs to the end
  for (let found = CANDIDATE.exec(text); found !== null; found = CANDIDATE.exec(text)) {
    const { index: start, 0: code } = found;
    if (!isBicForm(code)) continue;
    if (hasStrictForm(code) || mentionsAny(textBefore(text, start), SWIFT_WORDS))
      spans.push({ kind: 'SWIFT', start, end: start + code.length });
  }
  return spans;
}
