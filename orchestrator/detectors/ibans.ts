// IBANs as written: electronic form ("DE89370400440532013000") or print form in groups of four
// ("DE89 3704 0044 0532 0130 00"), in either case. The country fixes the length, so each
// candidate reads a bounded number of characters before its mod-97 check.
import { IBAN_LENGTHS, isValidIban } from './iban.ts';
import type { Span } from './span.ts';

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The IBAN starting at `start` and where it ends, or undefined. Print form groups by four
 * throughout: "BE70-3EC9D0BC240C" (the tail of a UUID) is not one.
 */
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function readIban(text: string, start: number): { compact: string; end: number } | undefined {
  // Most positions fail here, before anything is sliced: two letters, then two digits.
  if (!isLetter(text.charCodeAt(start)) || !isLetter(text.charCodeAt(start + 1))) return undefined;
  const country = text.slice(start, start + 2).toUpperCase();
  const length = IBAN_LENGTHS[country];
  if (length === undefined || !isDigit(text.charCodeAt(start + 2)) || !isDigit(text.charCodeAt(start + 3))) {
    return undefined;
  }
  let compact = '';
  let group = 0; // characters since the last separator
  let grouped = false;
  let i = start;
  while (compact.length < length && i < text.length) {
    const code = text.charCodeAt(i);
    if (isAlnum(code) && !(grouped && group === 4)) {
      compact += text[i];
      group++;
      i++;
    } else if ((code === 32 || code === 45) && group === 4 && isAlnum(text.charCodeAt(i + 1))) {
      grouped = true; // a print-form separator, only ever between groups of four
      group = 0;
      i++;
    } else {
      return undefined;
    }
  }
  const standsAlone = i >= text.length || !isAlnum(text.charCodeAt(i));
  return compact.length === length && standsAlone ? { compact: compact.toUpperCase(), end: i } : undefined;
}

// Where an IBAN may start: two letters and two digits, not inside a word (see isWordCode). Candidates
// never overlap; the regex engine skips the text between them far faster than a loop testing each position.
const CANDIDATE = /(?<![0-9A-Za-z_\u0080-\uffff])[A-Za-z]{2}[0-9]{2}/g;

export function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  CANDIDATE.lastIndex = 0; // shared, and never left mid-text: the loop below runs to the end
  for (let found = CANDIDATE.exec(text); found !== null; found = CANDIDATE.exec(text)) {
    const start = found.index;
    const iban = readIban(text, start);
    if (iban && isValidIban(iban.compact)) spans.push({ kind: 'IBAN', start, end: iban.end });
  }
  return spans;
}
