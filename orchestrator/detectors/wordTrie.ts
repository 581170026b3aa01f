// Looks a token up against many words and word prefixes at once ("instruct*" matches
// "instructions"): one walk down a trie of the folded letters, so the cost per token is its
// length, however many words and prefixes the detectors know.

export interface WordEntry<T> {
  readonly word: string;
  /** The entry matches every word starting with `word`, not only `word` itself. */
  readonly prefix: boolean;
  readonly value: T;
}

export interface WordTrie<T> {
  /** The values of every entry `word` matches: exact ones and the prefixes it starts with. */
  lookup(word: string): readonly T[];
}

interface TrieNode<T> {
  readonly next: Map<number, TrieNode<T>>;
  readonly exact: T[];
  readonly prefixes: T[];
}

const node = <T>(): TrieNode<T> => ({ next: new Map(), exact: [], prefixes: [] });
const NONE: readonly never[] = [];

export function wordTrie<T>(entries: readonly WordEntry<T>[]): WordTrie<T> {
  const root = node<T>();
  for (const { word, prefix, value } of entries) {
    let at = root;
    for (let i = 0; i < word.length; i++) {
      const unit = word.charCodeAt(i);
      let child = at.next.get(unit);
      if (child === undefined) at.next.set(unit, (child = node<T>()));
      at = child;
    }
    (prefix ? at.prefixes : at.exact).push(value);
  }
  return {
    lookup(word) {
      let found: T[] | undefined;
      let at: TrieNode<T> | undefined = root;
      for (let i = 0; i < word.length && at !== undefined; i++) {
        at = at.next.get(word.charCodeAt(i));
        if (at !== undefined && at.prefixes.length > 0) (found ??= []).push(...at.prefixes);
      }
      if (at !== undefined && at.exact.length > 0) (found ??= []).push(...at.exact);
      return found ?? NONE;
    },
  };
}
