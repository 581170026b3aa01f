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
/** What is not a letter, and the marks that NFKD splits off (accents, Arabic vowel signs and tatweel). */
const NOT_LETTERS = /[^\p{L}]|\u0640/gu;

/** The letters of `text`, folded as the vocabulary is. */
export function scriptLetters(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(NOT_LETTERS, '');
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
