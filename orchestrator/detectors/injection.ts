// Prompt-injection assessment for text that LLM-backed agents will read. Signals come from
// phrase patterns (ten languages) matched on folded text, and their stems in Russian, Chinese,
// Japanese and Arabic (scriptPhrases.ts), from role tags, from the disguises
// themselves (invisible characters, look-alike letters, bidi controls, ROT13), and from text
// hidden in base64, hex, URL or HTML escapes or Unicode tag characters, decoded recursively.
//
// Structure is read too (structure.ts): chat-role objects, hidden comments, links that would carry
// data out, fake transcripts, orders addressed to the reading agent, markers closing a quotation.
//
// Beyond the phrases, the co-occurrence of an override verb with a control noun catches
// paraphrases that no list names.
//
// Each signal carries a weight in 0..1, and the score is their noisy-OR, 1 - Π(1 - w): one
// strong signal (ignore previous instructions, 0.85) denies on its own at the default threshold
// of 0.5, while the weak ones that benign banking text can trip ("you are now enrolled", 0.2;
// "act as", 0.15) deny only in company. Work is linear in the input: every scanner is a single
// pass or a bounded look-around, decoding has a budget, and nesting has a depth limit.
import { keywordMatcher, type KeywordMatcher } from './ahoCorasick.ts';
import type { DecodeBudget } from './encoded.ts';
import { findCooccurrence, tokenCategories } from './cooccurrence.ts';
import { decodePayloads } from './encoded.ts';
import type { FoldedText } from './normalize.ts';
import { foldWord } from './normalize.ts';
import type { PhraseMatch, PhraseRule } from './phraseMatcher.ts';
import { phraseMatcher } from './phraseMatcher.ts';
import { PHRASE_RULES, ROLE_TAGS } from './phrases/index.ts';
import { findScriptPhrases } from './scriptPhrases.ts';
import { findStructure, joinStructure, withTranscript, type StructureFindings } from './structure.ts';
import { textScans, type TextScans } from './textScans.ts';

export interface InjectionAssessment {
  /** 0 = benign, up to 1. */
  readonly score: number;
  /** What was found, strongest first, e.g. "phrase:override-instructions", "base64:phrase:jailbreak". */
  readonly signals: readonly string[];
}

/** The gate denies at or above this score unless configured otherwise. */
export const DEFAULT_INJECTION_THRESHOLD = 0.5;
/** Longer text is denied unread: a tail that is not scanned is not trusted. */
export const MAX_SCANNED_CHARS = 4 * 1024 * 1024;
const MAX_DEPTH = 3;
const MIN_SQUASHED_KEY = 12;
const MIN_HIDDEN_TAG_TEXT = 8;

const WEIGHTS = {
  disguisedPhrase: 0.35,
  rot13: 0.35,
  invisibleCharacters: 0.2,
  bidiControls: 0.2,
  mixedScript: 0.25,
  hiddenTagText: 0.45,
  encodedInstructions: 0.3,
  decodeBudgetExhausted: 0.2,
  oversized: 1,
  overridesControl: 0.35,
  overridesControlDirected: 0.6,
} as const;

const phrases = phraseMatcher(PHRASE_RULES);
const squashedKeys: readonly { readonly key: string; readonly rule: PhraseRule }[] = PHRASE_RULES.flatMap(
  (rule) =>
    (rule.squashed ?? []).map((key) => {
      const folded = foldWord(key);
      if (folded.length < MIN_SQUASHED_KEY)
        throw new Error(`squashed key "${key}" of ${rule.id} is too short to be specific`);
      return { key: folded, rule };
    }),
);
const squashedMatcher = keywordMatcher(squashedKeys.map(({ key }) => key));
const tagMatcher = keywordMatcher(ROLE_TAGS.map(({ tag }) => tag));

type Signals = Map<string, number>;

function raise(signals: Signals, name: string, weight: number): void {
  signals.set(name, Math.max(signals.get(name) ?? 0, weight));
}

/** What the phrase and tag matchers find in one folded text. */
interface Matches {
  readonly phrases: readonly PhraseMatch[];
  readonly squashed: ReadonlySet<number>;
  readonly rot13: ReadonlySet<number>;
  readonly tags: ReadonlySet<number>;
  /** Each token's vocabulary categories, for the co-occurrence scan. */
  readonly categories: Uint8Array;
}

function concatenated(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Where each part after the first begins, in a text made of parts of these lengths. */
function boundaries(lengths: readonly number[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const length of lengths.slice(0, -1)) starts.push((offset += length));
  return starts;
}

/**
 * The matches in `text`, once per decision. A joined text is not matched again: its matches are
 * its parts' and those crossing where the parts meet (its folding is made of the parts' own).
 */
function matchesOf(text: string, scans: TextScans): Matches {
  return scans.memo('injection-matches', text, (): Matches => {
    const folded = scans.foldedOf(text);
    const parts = scans.partsOf(text);
    if (parts === undefined)
      return {
        phrases: phrases.match(folded.tokens),
        squashed: squashedMatcher.matchedKeywords(folded.squashed),
        rot13: squashedMatcher.matchedKeywords(folded.rot13),
        tags: tagMatcher.matchedKeywords(folded.layout),
        categories: tokenCategories(folded.tokens),
      };
    const own = parts.map((part) => matchesOf(part, scans));
    const folds = parts.map((part) => scans.foldedOf(part));
    const across = (
      matcher: KeywordMatcher,
      of: (folded: FoldedText) => string,
      mine: (m: Matches) => ReadonlySet<number>,
    ) => matcher.matchedAcross(of(folded), boundaries(folds.map((part) => of(part).length)), own.map(mine));
    return {
      phrases: phrases.matchAcross(
        folded.tokens,
        boundaries(folds.map((part) => part.tokens.length)),
        own.map((m) => m.phrases),
      ),
      squashed: across(
        squashedMatcher,
        (f) => f.squashed,
        (m) => m.squashed,
      ),
      rot13: across(
        squashedMatcher,
        (f) => f.rot13,
        (m) => m.rot13,
      ),
      tags: across(
        tagMatcher,
        (f) => f.layout,
        (m) => m.tags,
      ),
      categories: concatenated(own.map((m) => m.categories)),
    };
  });
}

function phraseSignals(matches: Matches, signals: Signals): void {
  const byTokens = new Set<string>();
  for (const { rule, disguisedOnly } of matches.phrases) {
    byTokens.add(rule.id);
    raise(signals, `phrase:${rule.id}`, rule.weight);
    if (disguisedOnly) raise(signals, 'disguised-phrase', WEIGHTS.disguisedPhrase);
  }
  for (const index of matches.squashed) {
    const { rule } = squashedKeys[index]!;
    raise(signals, `phrase:${rule.id}`, rule.weight);
    if (!byTokens.has(rule.id)) raise(signals, 'disguised-phrase', WEIGHTS.disguisedPhrase);
  }
  for (const index of matches.rot13) {
    const { rule } = squashedKeys[index]!;
    raise(signals, `phrase:${rule.id}`, rule.weight);
    raise(signals, 'rot13', WEIGHTS.rot13);
  }
}

/** Russian, Chinese, Japanese and Arabic phrases, under the ids of the rules they translate. */
function scriptSignals(text: string, scans: TextScans, signals: Signals): void {
  for (const [rule, weight] of scans.memo('script-phrases', text, findScriptPhrases))
    raise(signals, `phrase:${rule}`, weight);
}

// Phrases that already stand for an override of a control; the bare co-occurrence would count it twice.
const OVERRIDE_PHRASES = [
  'phrase:override-instructions',
  'phrase:bypass-controls',
  'phrase:do-not-follow',
  'phrase:controls-waived',
];

function vocabularySignals(folded: FoldedText, matches: Matches, signals: Signals): void {
  const { overridesControl, directed, disguised } = findCooccurrence(folded.tokens, matches.categories);
  if (directed) raise(signals, 'overrides-control-directed', WEIGHTS.overridesControlDirected);
  else if (overridesControl && !OVERRIDE_PHRASES.some((name) => signals.has(name))) {
    raise(signals, 'overrides-control', WEIGHTS.overridesControl);
  }
  if (overridesControl && disguised) raise(signals, 'disguised-phrase', WEIGHTS.disguisedPhrase);
}

/** Structure of `text`, once per decision; a joined text's is made of its parts' own. */
function structureOf(text: string, scans: TextScans): StructureFindings {
  return scans.memo('injection-structure', text, (): StructureFindings => {
    const parts = scans.partsOf(text);
    return parts === undefined
      ? findStructure(scans.foldedOf(text))
      : joinStructure(parts.map((part) => structureOf(part, scans)));
  });
}

function structureSignals(text: string, scans: TextScans, signals: Signals): void {
  for (const [name, weight] of withTranscript(structureOf(text, scans)).signals) raise(signals, name, weight);
}

function disguiseSignals(folded: FoldedText, matches: Matches, signals: Signals): void {
  for (const index of matches.tags) {
    const { tag, weight } = ROLE_TAGS[index]!;
    raise(signals, `role-tag:${tag.trim()}`, weight);
  }
  const { invisibleInWords, bidiControls, mixedScriptWords } = folded.evidence;
  if (invisibleInWords > 0) raise(signals, 'invisible-characters', WEIGHTS.invisibleCharacters);
  if (bidiControls > 0) raise(signals, 'bidi-controls', WEIGHTS.bidiControls);
  if (mixedScriptWords > 0) raise(signals, 'mixed-script', WEIGHTS.mixedScript);
  if (folded.hidden.length >= MIN_HIDDEN_TAG_TEXT) raise(signals, 'hidden-tag-text', WEIGHTS.hiddenTagText);
}

/** Signals found in `inner` that the carrier text did not already show, under the encoding's name. */
function mergeHidden(signals: Signals, encoding: string, inner: Signals): void {
  let added = false;
  for (const [name, weight] of inner) {
    if (signals.has(name)) continue;
    raise(signals, `${encoding}:${name}`, weight);
    added = true;
  }
  if (added) raise(signals, `encoded:${encoding}`, WEIGHTS.encodedInstructions);
}

function assess(text: string, depth: number, budget: DecodeBudget, scans: TextScans): Signals {
  const signals: Signals = new Map();
  const folded = scans.foldedOf(text);
  const matches = matchesOf(text, scans);
  phraseSignals(matches, signals);
  scriptSignals(text, scans, signals);
  vocabularySignals(folded, matches, signals);
  disguiseSignals(folded, matches, signals);
  structureSignals(text, scans, signals);
  if (depth >= MAX_DEPTH) return signals;
  if (folded.hidden.length > 0)
    mergeHidden(signals, 'unicode-tags', assess(folded.hidden, depth + 1, budget, scans));
  for (const segment of decodePayloads(text, budget, scans.runsOf(text), scans.escapesOf(text))) {
    mergeHidden(signals, segment.encoding, assess(segment.decoded, depth + 1, budget, scans));
  }
  return signals;
}

const noisyOr = (weights: Iterable<number>): number => {
  let benign = 1;
  for (const weight of weights) benign *= 1 - weight;
  return Math.round((1 - benign) * 1000) / 1000;
};

/** `scans` shares decoding with the other detectors reading the same record. */
export function assessInjection(text: string, scans: TextScans = textScans()): InjectionAssessment {
  // An unscanned tail alone scores 1, whatever the rest holds: reading the rest would buy nothing.
  if (text.length > MAX_SCANNED_CHARS) return { score: WEIGHTS.oversized, signals: ['oversized-unscanned'] };
  const budget: DecodeBudget = { remaining: Math.max(64 * 1024, 2 * text.length), exhausted: false };
  const signals = assess(text, 0, budget, scans);
  if (budget.exhausted) raise(signals, 'decode-budget-exhausted', WEIGHTS.decodeBudgetExhausted);
  const ranked = [...signals].sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b));
  return { score: noisyOr(signals.values()), signals: ranked.map(([name]) => name) };
}
