// Paraphrases defeat phrase lists: "the bank has authorised you to ignore the usual limits" names
// no listed phrase. What such text keeps is its vocabulary: a verb that switches something off
// next to a control it switches off, often next to a privileged action or an address to the model.
// This scores that co-occurrence within a short window of tokens, in one pass.
import type { FoldedToken } from './normalize.ts';
import { foldWord } from './normalize.ts';

// prettier-ignore
const VOCABULARY = {
  override: [
    'ignor*', 'disregard*', 'forget', 'overrid*', 'bypass*', 'circumvent*', 'disabl*', 'deactivat*',
    'skip', 'evade', 'suspend*', 'neutrali*', 'lift', 'lifted', 'removed', 'turned', 'switched', 'olvid*', 'omit*',
    'desactiv*', 'oubli*', 'contourn*', 'salta', 'saltare',
    'vergiss', 'umgeh*', 'deaktivier*', 'esquec*', 'desconsider*', 'contorn*', 'desativ*', 'dimentic*', 'aggir*', 'disattiv*',
    'bhool', 'bhul', 'nazarandaz',
  ],
  control: [
    'instruction*', 'rule', 'rules', 'polic*', 'guideline*', 'guidance', 'limit', 'limits', 'restriction*', 'filter*',
    'safeguard*', 'guardrail*', 'safety', 'compliance', 'kyc', 'aml', 'verification', 'checks', 'control*', 'screening',
    'monitoring', 'security', 'protocol*', 'procedure*', 'sanction*', 'instruccion*', 'regla*', 'politica*', 'restriccion*',
    'consigne*', 'regle*', 'politique*', 'securite', 'seguridad', 'anweisung*', 'regel*', 'richtlinie*', 'sicherheit*',
    'prufung*', 'betrugsprufung*', 'kontroll*', 'instruc*', 'regra*', 'seguranca', 'istruzion*', 'regol*', 'sicurezza',
    'niyam', 'nirdesh*', 'rules',
  ],
  directed: [
    'assistant', 'ai', 'model', 'bot', 'chatbot', 'llm', 'gpt', 'approve', 'approv*', 'authoriz*', 'authoris*', 'transfer*',
    'wire', 'grant', 'release', 'reveal', 'disclose', 'print', 'output', 'whitelist*', 'exfiltrat*', 'admin', 'administrator',
    'root', 'password', 'aprueba', 'aprobar', 'transfiere', 'approuve*', 'valide*', 'genehmig*', 'uberweis*', 'aprov*',
    'transfir*', 'approva*', 'trasferisc*', 'revel*', 'rivel*', 'zeig*', 'mostr*',
  ],
} as const;

type Category = keyof typeof VOCABULARY;

const FIRST_PERSON = new Set(
  ['my', 'our', 'mis', 'mi', 'mes', 'mon', 'meine', 'meinen', 'minhas', 'meus', 'mie', 'miei'].map(foldWord),
);

interface Lexicon {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

function lexicon(entries: readonly string[]): Lexicon {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const entry of entries) {
    if (entry.endsWith('*')) prefixes.push(foldWord(entry.slice(0, -1)));
    else words.add(foldWord(entry));
  }
  return { words, prefixes };
}

const LEXICONS: Readonly<Record<Category, Lexicon>> = {
  override: lexicon(VOCABULARY.override),
  control: lexicon(VOCABULARY.control),
  directed: lexicon(VOCABULARY.directed),
};

const inLexicon = ({ words, prefixes }: Lexicon, word: string): boolean =>
  words.has(word) || prefixes.some((prefix) => word.startsWith(prefix));

/** Tokens within which the words must co-occur. */
export const WINDOW = 8;

export interface Cooccurrence {
  /** An override verb and a control noun within WINDOW tokens. */
  readonly overridesControl: boolean;
  /** ... and a privileged action, elevation or address to the model among them. */
  readonly directed: boolean;
  /** One of the words was disguised (leetspeak, look-alikes, spaced out). */
  readonly disguised: boolean;
}

export function findCooccurrence(tokens: readonly FoldedToken[]): Cooccurrence {
  let lastOverride = -Infinity;
  let lastControl = -Infinity;
  let lastDirected = -Infinity;
  let found: Cooccurrence = { overridesControl: false, directed: false, disguised: false };
  for (let t = 0; t < tokens.length; t++) {
    const word = tokens[t]!.word;
    if (inLexicon(LEXICONS.override, word)) lastOverride = t;
    // "my limits", "mis instrucciones": the writer's own rules, not the agent's
    const own = FIRST_PERSON.has(tokens[t - 1]?.word ?? '') || FIRST_PERSON.has(tokens[t - 2]?.word ?? '');
    if (!own && inLexicon(LEXICONS.control, word)) lastControl = t;
    if (inLexicon(LEXICONS.directed, word)) lastDirected = t;
    const pairStart = Math.min(lastOverride, lastControl);
    if (t - pairStart > WINDOW) continue;
    const directed = t - Math.min(pairStart, lastDirected) <= WINDOW;
    const disguised = tokens[lastOverride]!.obfuscated || tokens[lastControl]!.obfuscated;
    if (directed || !found.overridesControl)
      found = { overridesControl: true, directed, disguised: disguised || found.disguised };
    if (directed) return found;
  }
  return found;
}
