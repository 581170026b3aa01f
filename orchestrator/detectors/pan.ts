// Indian Permanent Account Numbers: five letters, four digits, a letter ("ABCPE1234F"). The
// fourth letter is the holder type (P person, C company, H HUF, F firm, A AOP, T trust, B BOI,
// L local authority, J artificial juridical person, G government), which ordinary codes rarely fit.
import { isWordCode } from './numberWindows.ts';
import type { Span } from './span.ts';

const HOLDER_TYPES = 'ABCFGHJLPT';
const LENGTH = 10;

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Letters in one case throughout ("abcpe1234f" is still a PAN; "AbcPe1234F" is not). */
function isPanAt(text: string, i: number): boolean {
  const isLetter = isUpper(text.charCodeAt(i)) ? isUpper : isLower;
  for (let k = 0; k < LENGTH; k++) {
    const code = text.charCodeAt(i + k);
    if (k >= 5 && k <= 8 ? !isDigit(code) : !isLetter(code)) return false;
  }
  return HOLDER_TYPES.includes(text[i + 3]!.toUpperCase());
}

export function findPans(text: string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + LENGTH <= text.length; i++) {
    if (i > 0 && isWordCode(text.charCodeAt(i - 1))) continue;
    const end = i + LENGTH;
    if (isPanAt(text, i) && (end === text.length || !isWordCode(text.charCodeAt(end)))) {
      spans.push({ kind: 'PAN', start: i, end });
    }
  }
  return spans;
}
