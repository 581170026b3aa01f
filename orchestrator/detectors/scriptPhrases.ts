// Phrases in Russian, Chinese, Japanese and Arabic (vocabulary in phrases/otherScripts.ts). The
// text's letters are run together (compatibility forms folded, marks and Arabic vowel signs
// dropped, lower case), so no inserted space, vowel sign or punctuation hides a stem; one
// Aho-Corasick pass finds every stem, and a phrase is two kinds of stem within WINDOW letters.
import { keywordMatcher } from './ahoCorasick.ts';
import { PHRASE_RULES } from './phrases/index.ts';
import {
  SCRIPT_PHRASES,
  SCRIPT_WORD_KINDS,
  SCRIPT_WORDS,
  type ScriptWordKind,
} from './phrases/otherScripts.ts';

/** Letters within which the two kinds of a phrase must both occur. */
export const WINDOW = 40;

/** Cyrillic, Arabic, kana, CJK ideographs, and the compatibility and half-width forms NFKD maps onto them. */
const OTHER_SCRIPTS =
  /[\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff\uff66-\uff9f]/;
const LETTER = /\p{L}/u;
const TATWEEL = 0x0640;
/** Per UTF-16 unit: 0 not yet known, 1 kept, 2 dropped. Surrogates are kept, so astral letters pass whole. */
const unitKinds = new Uint8Array(0x10000);
function kept(unit: number): boolean {
  if (unitKinds[unit] === 0) {
    const letter = (unit >= 0xd800 && unit <= 0xdfff) || LETTER.test(String.fromCharCode(unit));
    unitKinds[unit] = letter && unit !== TATWEEL ? 1 : 2;
  }
  return unitKinds[unit] === 1;
}

/**
 * The letters of `text`, folded as the vocabulary is: what is not a letter dropped, with the marks
 * NFKD splits off (accents, Arabic vowel signs) and the tatweel. One pass over the code units.
 */
export function scriptLetters(text: string): string {
  const folded = text.normalize('NFKD').toLowerCase();
  const units = new Uint16Array(folded.length);
  let length = 0;
  for (let i = 0; i < folded.length; i++) {
    const unit = folded.charCodeAt(i);
    if (kept(unit)) units[length++] = unit;
  }
  return Buffer.from(units.buffer, 0, length * 2).toString('utf16le');
}

const stems = SCRIPT_WORD_KINDS.flatMap((kind) =>
  SCRIPT_WORDS[kind].map((word) => ({ stem: scriptLetters(word), kind })),
);
const matcher = keywordMatcher(stems.map(({ stem }) => stem));
const weightOf = new Map(PHRASE_RULES.map((rule) => [rule.id, rule.weight]));
for (const { rule } of SCRIPT_PHRASES)
  if (!weightOf.has(rule)) throw new Error(`script phrase names no phrase rule: ${rule}`);

/** The phrase rules the text's Russian, Chinese, Japanese or Arabic stands for, with their weights. */
export function findScriptPhrases(text: string): ReadonlyMap<string, number> {
  const found = new Map<string, number>();
  if (!OTHER_SCRIPTS.test(text)) return found;
  const letters = scriptLetters(text);
  // Where the last stem of each kind started; a phrase is complete when its second kind ends.
  const lastStart = new Map<ScriptWordKind, number>();
  matcher.forEachMatch(letters, (index, end) => {
    const { stem, kind } = stems[index]!;
    const start = end - stem.length;
    lastStart.set(kind, start);
    for (const { rule, kinds } of SCRIPT_PHRASES) {
      if (!kinds.includes(kind)) continue;
      const other = kinds.length === 1 ? kind : kinds[0] === kind ? kinds[1] : kinds[0];
      const otherStart = lastStart.get(other);
      if (otherStart !== undefined && end - Math.min(start, otherStart) <= WINDOW)
        found.set(rule, weightOf.get(rule)!);
    }
  });
  return found;
}
