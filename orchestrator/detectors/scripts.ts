// Scripts the injection detector has no model of. Its phrases and vocabulary cover Latin-script
// languages, Hindi, and (scriptPhrases.ts) Russian, Chinese, Japanese and Arabic; a sentence in
// Greek, Hebrew, Korean or Thai would pass unread. Such prose is reported so the policy can send
// it to review instead. Basic Cyrillic is read as Russian and the Arabic block as Arabic, so
// Ukrainian or Persian is read only through the words those languages share. A name in such a script (a counterparty,
// a merchant) is not prose: it is short, has no sentence punctuation and few words.

interface ScriptRange {
  readonly script: string;
  readonly from: number;
  readonly to: number;
}

// prettier-ignore
const UNMODELLED: readonly ScriptRange[] = [
  { script: 'Greek', from: 0x0370, to: 0x03ff }, { script: 'Cyrillic', from: 0x0500, to: 0x052f },
  { script: 'Armenian', from: 0x0530, to: 0x058f }, { script: 'Hebrew', from: 0x0590, to: 0x05ff },
  { script: 'Arabic', from: 0x0750, to: 0x077f },
  { script: 'Arabic', from: 0x08a0, to: 0x08ff }, { script: 'Bengali', from: 0x0980, to: 0x09ff },
  { script: 'Gurmukhi', from: 0x0a00, to: 0x0a7f }, { script: 'Gujarati', from: 0x0a80, to: 0x0aff },
  { script: 'Tamil', from: 0x0b80, to: 0x0bff }, { script: 'Telugu', from: 0x0c00, to: 0x0c7f },
  { script: 'Kannada', from: 0x0c80, to: 0x0cff }, { script: 'Malayalam', from: 0x0d00, to: 0x0d7f },
  { script: 'Thai', from: 0x0e00, to: 0x0e7f }, { script: 'Georgian', from: 0x10a0, to: 0x10ff },
  { script: 'Hangul', from: 0x1100, to: 0x11ff }, { script: 'Ethiopic', from: 0x1200, to: 0x137f },
  { script: 'Hangul', from: 0x3130, to: 0x318f }, { script: 'Hangul', from: 0xac00, to: 0xd7af },
];

const SENTENCE_PUNCTUATION = /[.!?:;,\u3001\u3002\uff01\uff0c\uff1a\uff1b\uff1f\u060c\u061b\u061f\u0964]/;
/** Words of an unmodelled script that make a text prose even without punctuation. */
const MIN_PROSE_WORDS = 4;

function scriptOf(cp: number): string | undefined {
  if (cp < 0x0370) return undefined;
  for (const range of UNMODELLED) if (cp >= range.from && cp <= range.to) return range.script;
  return undefined;
}

export interface UnmodelledProse {
  /** The script with the most letters in the text. */
  readonly script: string;
  readonly letters: number;
}

// Thai writes no spaces between words, so its runs are counted as Korean's are.
const DENSE: ReadonlySet<string> = new Set(['Hangul', 'Thai']);
/** Characters of a dense script (one carries about a syllable) that count as one word of prose. */
const DENSE_CHARS_PER_WORD = 4;
const BEYOND_LATIN = /[\u0370-\uffff]/;

/**
 * Prose of at least `minLetters` letters in scripts the detector has no model of (a character of
 * a dense script counts two); undefined when there is none.
 */
export function findUnmodelledProse(text: string, minLetters: number): UnmodelledProse | undefined {
  if (!BEYOND_LATIN.test(text)) return undefined;
  const counts = new Map<string, number>();
  let letters = 0;
  let words = 0;
  let run = 0;
  let runIsDense = false;
  const endRun = () => {
    if (run > 0) words += runIsDense ? Math.max(1, Math.floor(run / DENSE_CHARS_PER_WORD)) : 1;
    run = 0;
  };
  for (const char of text) {
    const script = scriptOf(char.codePointAt(0)!);
    if (script === undefined) {
      endRun();
      continue;
    }
    const dense = DENSE.has(script);
    if (run > 0 && dense !== runIsDense) endRun();
    runIsDense = dense;
    run++;
    counts.set(script, (counts.get(script) ?? 0) + 1);
    letters += dense ? 2 : 1;
  }
  endRun();
  if (letters < minLetters || (words < MIN_PROSE_WORDS && !SENTENCE_PUNCTUATION.test(text))) return undefined;
  const [script] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return { script, letters };
}
