// Aho-Corasick: finds every occurrence of many keywords in one left-to-right pass, in time linear
// in the text plus the matches, whatever the input. Used where a regex alternation could backtrack.

interface State {
  readonly next: Map<number, number>;
  fail: number;
  /** Keyword indexes that end here, including those of the fail chain. */
  outputs: readonly number[];
}

export interface KeywordMatcher {
  /** Indexes (into the keywords given) of every keyword occurring in `text`, each once. */
  matchedKeywords(text: string): ReadonlySet<number>;
  /** Calls `visit` with each keyword occurrence in `text`: its index and where it ends (exclusive), in text order. */
  forEachMatch(text: string, visit: (index: number, end: number) => void): void;
  /**
   * `matchedKeywords(text)` for a text made of parts already matched: their keywords, and those of
   * the few characters around each place (`boundaries`, offsets into `text`) where one part meets the next.
   */
  matchedAcross(
    text: string,
    boundaries: readonly number[],
    withinParts: readonly ReadonlySet<number>[],
  ): ReadonlySet<number>;
}

function buildTrie(keywords: readonly string[]): State[] {
  const states: State[] = [{ next: new Map(), fail: 0, outputs: [] }];
  keywords.forEach((keyword, index) => {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const unit = keyword.charCodeAt(i);
      let target = states[state]!.next.get(unit);
      if (target === undefined) {
        target = states.length;
        states.push({ next: new Map(), fail: 0, outputs: [] });
        states[state]!.next.set(unit, target);
      }
      state = target;
    }
    states[state]!.outputs = [...states[state]!.outputs, index];
  });
  return states;
}

/** Works on UTF-16 code units: keywords and text are compared unit by unit, surrogates included. */
function step(states: readonly State[], from: number, unit: number): number {
  let state = from;
  for (;;) {
    const target = states[state]!.next.get(unit);
    if (target !== undefined) return target;
    if (state === 0) return 0;
    state = states[state]!.fail;
  }
}

/** Breadth-first, so every fail link points at an already finished, shallower state. */
function linkFailures(states: State[]): void {
  const queue: number[] = [...states[0]!.next.values()];
  for (let head = 0; head < queue.length; head++) {
    const parent = states[queue[head]!]!;
    for (const [unit, child] of parent.next) {
      states[child]!.fail = step(states, parent.fail, unit);
      states[child]!.outputs = [...states[child]!.outputs, ...states[states[child]!.fail]!.outputs];
      queue.push(child);
    }
  }
}

const ASCII = 128;

/**
 * The automaton's move on every ASCII unit from every state, failure links folded in, so the
 * common case is one table read per character; other units walk the links.
 */
function asciiMoves(states: readonly State[]): Int32Array {
  const moves = new Int32Array(states.length * ASCII);
  const order = [0];
  for (let head = 0; head < order.length; head++) order.push(...states[order[head]!]!.next.values());
  for (const state of order) {
    const base = state * ASCII;
    const fallback = states[state]!.fail * ASCII;
    for (let unit = 0; unit < ASCII; unit++) {
      const target = states[state]!.next.get(unit);
      moves[base + unit] = target ?? (state === 0 ? 0 : moves[fallback + unit]!);
    }
  }
  return moves;
}

export function keywordMatcher(keywords: readonly string[]): KeywordMatcher {
  const states = buildTrie(keywords);
  linkFailures(states);
  const moves = asciiMoves(states);
  const longest = Math.max(0, ...keywords.map((keyword) => keyword.length));
  const forEachMatch = (text: string, visit: (index: number, end: number) => void): void => {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      state = unit < ASCII ? moves[state * ASCII + unit]! : step(states, state, unit);
      const outputs = states[state]!.outputs;
      for (let k = 0; k < outputs.length; k++) visit(outputs[k]!, i + 1);
    }
  };
  const matchInto = (found: Set<number>, text: string): Set<number> => {
    forEachMatch(text, (index) => found.add(index));
    return found;
  };
  return {
    matchedKeywords: (text) => matchInto(new Set(), text),
    forEachMatch,
    matchedAcross(text, boundaries, withinParts) {
      const found = new Set<number>();
      for (const part of withinParts) for (const index of part) found.add(index);
      // A keyword that crosses a boundary lies within `longest - 1` characters of it on either side.
      for (const at of boundaries)
        matchInto(found, text.slice(Math.max(0, at - longest + 1), at + longest - 1));
      return found;
    },
  };
}
