// Matches phrase patterns against folded tokens. A pattern is a sequence of elements; an element
// is a set of words, where "instruct*" matches any word starting with "instruct", and "~N"
// before an element lets up to N other words come first ("ignore ~3 instructions" matches
// "ignore all of the previous instructions"). Patterns are indexed by their first element in a
// trie, and each attempt looks at a bounded number of tokens, so matching is linear in the tokens.
import type { FoldedToken } from './normalize.ts';
import { foldWord } from './normalize.ts';
import { wordTrie } from './wordTrie.ts';

export interface PhraseRule {
  /** Names the signal: "phrase:<id>". */
  readonly id: string;
  /** Contribution to the score, 0..1. */
  readonly weight: number;
  readonly patterns: readonly string[];
  /**
   * The phrase is about the writer's own things when a first-person word sits in a gap ("ignore
   * MY previous instructions", "transfer all MY funds") or just before it ("MY previous
   * instructions are outdated"): a customer's request, not an attack.
   */
  readonly unlessOwn?: boolean;
  /**
   * The phrase with every separator removed ("ignorepreviousinstructions"), looked for in the
   * squashed text, where no inserted separator can hide it. Long and specific only.
   */
  readonly squashed?: readonly string[];
}

interface Element {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  /** How many other tokens may precede this element after the previous one. */
  readonly gap: number;
}

interface Pattern {
  readonly rule: PhraseRule;
  readonly elements: readonly Element[];
}

export interface PhraseMatch {
  readonly rule: PhraseRule;
  /** True when every match needed a disguised token (leetspeak, look-alikes, spaced-out letters). */
  readonly disguisedOnly: boolean;
}

// Italian "io" is left out: with l read as i it would be Spanish "lo".
// prettier-ignore
const FIRST_PERSON = new Set([
  'i', 'me', 'my', 'mine', 'we', 'our', 'ours', 'myself', 'yo', 'mi', 'mis', 'nuestro', 'nuestra', 'nuestros',
  'nuestras', 'je', 'moi', 'mon', 'ma', 'mes', 'notre', 'nos', 'ich', 'mein', 'meine', 'meinen', 'meiner', 'meines',
  'unser', 'unsere', 'eu', 'meu', 'meus', 'minha', 'minhas', 'nosso', 'nossa', 'mio', 'mia', 'miei', 'mie',
  'nostro', 'nostra', 'main', 'mera', 'mere', 'meri', 'hamara', 'hamare', 'hamari', 'apna', 'apne', 'apni',
].map(foldWord));

/** The possessives among them: "MY previous instructions" is the writer's; "can I transfer" is no sign. */
const NOT_POSSESSIVE = new Set(
  ['i', 'me', 'we', 'myself', 'yo', 'je', 'moi', 'ich', 'eu', 'main'].map(foldWord),
);
const POSSESSIVE = new Set([...FIRST_PERSON].filter((word) => !NOT_POSSESSIVE.has(word)));

const MIN_PREFIX = 3;

function parseElement(alternatives: string, gap: number): Element {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const alternative of alternatives.split('|')) {
    if (alternative.endsWith('*')) {
      const prefix = foldWord(alternative.slice(0, -1));
      if (prefix.length < MIN_PREFIX)
        throw new Error(`prefix "${alternative}" is shorter than ${MIN_PREFIX} letters`);
      prefixes.push(prefix);
    } else {
      words.add(foldWord(alternative));
    }
  }
  return { words, prefixes, gap };
}

function parsePattern(rule: PhraseRule, source: string): Pattern {
  const elements: Element[] = [];
  let gap = 0;
  for (const part of source.trim().split(/\s+/)) {
    if (part.startsWith('~')) {
      gap = Number(part.slice(1));
      continue;
    }
    elements.push(parseElement(part, gap));
    gap = 0;
  }
  if (elements.length === 0 || elements[0]!.gap !== 0)
    throw new Error(`pattern "${source}" of ${rule.id} is malformed`);
  return { rule, elements };
}

const matchesElement = (element: Element, word: string): boolean =>
  element.words.has(word) || element.prefixes.some((prefix) => word.startsWith(prefix));

/** Whether `pattern` matches with its first element at `tokens[start]`; undefined when it does not. */
function matchAt(
  pattern: Pattern,
  tokens: readonly FoldedToken[],
  start: number,
): { disguised: boolean } | undefined {
  if (pattern.rule.unlessOwn && POSSESSIVE.has(tokens[start - 1]?.word ?? '')) return undefined;
  let position = start;
  let disguised = tokens[start]!.obfuscated;
  for (let e = 1; e < pattern.elements.length; e++) {
    const element = pattern.elements[e]!;
    let found = -1;
    for (let t = position + 1; t <= position + 1 + element.gap && t < tokens.length; t++) {
      const word = tokens[t]!.word;
      if (matchesElement(element, word)) {
        found = t;
        break;
      }
      if (pattern.rule.unlessOwn && FIRST_PERSON.has(word)) return undefined;
    }
    if (found === -1) return undefined;
    disguised ||= tokens[found]!.obfuscated;
    position = found;
  }
  return { disguised };
}

export interface PhraseMatcher {
  match(tokens: readonly FoldedToken[]): PhraseMatch[];
  /**
   * `match(tokens)` for tokens made of parts already matched: their matches, and those starting
   * close enough before a boundary (`boundaries`: where each later part's tokens begin) to cross it.
   */
  matchAcross(
    tokens: readonly FoldedToken[],
    boundaries: readonly number[],
    withinParts: readonly (readonly PhraseMatch[])[],
  ): PhraseMatch[];
}

/** How many tokens after its first a match of `pattern` may reach. */
const reachOf = ({ elements }: Pattern): number =>
  elements.slice(1).reduce((reach, element) => reach + 1 + element.gap, 0);

/** A rule matches if any match does; it is disguised only if every match needed a disguise. */
function record(found: Map<string, PhraseMatch>, { rule, disguisedOnly }: PhraseMatch): void {
  const known = found.get(rule.id);
  found.set(rule.id, { rule, disguisedOnly: disguisedOnly && (known?.disguisedOnly ?? true) });
}

export function phraseMatcher(rules: readonly PhraseRule[]): PhraseMatcher {
  const patterns = rules.flatMap((rule) => rule.patterns.map((source) => parsePattern(rule, source)));
  const reach = Math.max(0, ...patterns.map(reachOf));
  // Patterns by their first element: one trie walk per token finds every pattern that may start there.
  const firsts = wordTrie(
    patterns.flatMap((pattern) => {
      const first = pattern.elements[0]!;
      return [
        ...[...first.words].map((word) => ({ word, prefix: false, value: pattern })),
        ...first.prefixes.map((word) => ({ word, prefix: true, value: pattern })),
      ];
    }),
  );
  const matchFrom = (
    found: Map<string, PhraseMatch>,
    tokens: readonly FoldedToken[],
    from: number,
    to: number,
  ): Map<string, PhraseMatch> => {
    for (let t = from; t < to; t++) {
      for (const pattern of firsts.lookup(tokens[t]!.word)) {
        const known = found.get(pattern.rule.id);
        if (known && !known.disguisedOnly) continue;
        const match = matchAt(pattern, tokens, t);
        if (match) record(found, { rule: pattern.rule, disguisedOnly: match.disguised });
      }
    }
    return found;
  };

  return {
    match: (tokens) => [...matchFrom(new Map(), tokens, 0, tokens.length).values()],
    matchAcross(tokens, boundaries, withinParts) {
      const found = new Map<string, PhraseMatch>();
      for (const part of withinParts) for (const match of part) record(found, match);
      for (const at of boundaries) matchFrom(found, tokens, Math.max(0, at - reach), at);
      return [...found.values()];
    },
  };
}
