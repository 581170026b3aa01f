// Indian Permanent Account Numbers: five letters, four digits, a letter ("ABCPE1234F"). The
// fourth letter is the holder type (P person, C company, H HUF, F firm, A AOP, T trust, B BOI,
// L local authority, J artificial juridical person, G government), which ordinary codes rarely fit.
import type { Span } from './span.ts';

const HOLDER_TYPES = 'ABCFGHJLPT';
const LENGTH = 10;

// Five letters, four digits, a letter, in one case, standing alone (see isWordCode): found by the
// regex engine, which skips the text between candidates far faster than a loop testing each position.
const CANDIDATE =
  /(?<![0-9A-Za-z_\u0080-\uffff])(?:[A-Z]{5}[0-9]{4}[A-Z]|[a-z]{5}[0-9]{4}[a-z])(?![0-9A-Za-z_\u0080-\uffff])/g;

export function findPans(text: string): Span[] {
  const spans: Span[] = [];
  CANDIDATE.lastIndex = 0; // shared, and never left mid-text: the loop below runs to the end
  for (let found = CANDIDATE.exec(text); found !== null; found = CANDIDATE.exec(text)) {
    const start = found.index;
    if (HOLDER_TYPES.includes(text[start + 3]!.toUpperCase()))
      spans.push({ kind: 'PAN', start, end: start + LENGTH });
  }
  return spans;
}
