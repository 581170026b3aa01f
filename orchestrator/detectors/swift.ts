// SWIFT/BIC codes (ISO 9362): 4-letter institution, ISO country, 2-character location, optional
// 3-character branch: "DEUTDEFF", "HSBCGB2L", "SBININBB104". Many upper-case words fit the
// letters-only form ("CUSTOMER" = CUST+OM+ER), so a letters-only code counts only when the text
// names it (SWIFT, BIC); a digit in the location or branch, or the "XXX" head-office branch,
// is strict enough on its own.
import { keywords, mentionsAny, textBefore } from './context.ts';
import { COUNTRY_CODES } from './countries.ts';
import { isWordCode } from './numberWindows.ts';
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

export function findSwiftCodes(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isWordCode(text.charCodeAt(i)) && i - start <= 11) i++;
    const standsAlone = i >= text.length || !isWordCode(text.charCodeAt(i));
    const length = i - start;
    const code = standsAlone && (length === 8 || length === 11) ? text.slice(start, i) : '';
    if (code !== '' && isBicForm(code)) {
      if (hasStrictForm(code) || mentionsAny(textBefore(text, start), SWIFT_WORDS)) {
        spans.push({ kind: 'SWIFT', start, end: i });
      }
    }
    while (i < text.length && isWordCode(text.charCodeAt(i))) i++;
  }
  return spans;
}
