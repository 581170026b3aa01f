// What the content detectors read of one record, worked out once and shared: the decoded base64
// and hex runs of every text, and its folding for the phrase scanners. The PII and injection
// policies of one decision read the same texts, and the injection policy also reads them all
// joined; with one TextScans per decision each text is decoded and folded once, and the joined
// text's runs and folding are made of its parts' own.
import { findRuns, type DecodedRuns, type DecodedSegment, type Encoding } from './encoded.ts';
import { decodeEscaped, decodeEscapes, decodesAsEscaped, ESCAPE_SYNTAXES, type Escaped } from './escapes.ts';
import { foldText, joinFolded, type FoldedText } from './normalize.ts';

export interface TextScans {
  /** The decoded runs of `text`, found on first use. */
  runsOf(text: string): DecodedRuns;
  /** The whole-text escape decodings of `text` (see escapes.ts), worked out on first use. */
  escapesOf(text: string): readonly { readonly encoding: Encoding; readonly decoded: string }[];
  /** The folding of `text` (see normalize.ts), worked out on first use. */
  foldedOf(text: string): FoldedText;
  /** `parts` joined by `separator`, with runs and folding made of the parts' own (none crosses a separator). */
  join(parts: readonly string[], separator: '\n'): string;
  /** The parts `join` made `text` of; undefined for any other text. */
  partsOf(text: string): readonly string[] | undefined;
  /** What `find` finds in `text`, worked out on first use; `kind` names the finding, one per detector. */
  memo<T>(kind: string, text: string, find: (text: string) => T): T;
}

const shifted = (segments: readonly DecodedSegment[], by: number): DecodedSegment[] =>
  segments.map((segment) => ({ ...segment, start: segment.start + by, end: segment.end + by }));

export function textScans(): TextScans {
  const runs = new Map<string, DecodedRuns>();
  const folds = new Map<string, FoldedText>();
  const joinedFrom = new Map<string, readonly string[]>();
  const memos = new Map<string, Map<string, unknown>>();
  const runsOf = (text: string): DecodedRuns => {
    let found = runs.get(text);
    if (found === undefined) runs.set(text, (found = findRuns(text)));
    return found;
  };
  const foldedOf = (text: string): FoldedText => {
    let folded = folds.get(text);
    if (folded !== undefined) return folded;
    const parts = joinedFrom.get(text);
    folded = parts === undefined ? foldText(text) : joinFolded(parts.map(foldedOf));
    folds.set(text, folded);
    return folded;
  };
  const memo = <T>(kind: string, text: string, find: (text: string) => T): T => {
    let found = memos.get(kind);
    if (found === undefined) memos.set(kind, (found = new Map<string, unknown>()));
    if (!found.has(text)) found.set(text, find(text));
    return found.get(text) as T;
  };
  const escaped = (encoding: Encoding, text: string): Escaped =>
    memo(`escaped:${encoding}`, text, () => decodeEscaped(encoding, text));
  // A joined text's decodings are its parts' joined, and so is their folding in turn.
  const joinedEscapes = (parts: readonly string[], text: string) =>
    ESCAPE_SYNTAXES.filter(({ marker }) => text.includes(marker)).flatMap(({ encoding }) => {
      const decodings = parts.map((part) => escaped(encoding, part));
      const escapes = decodings.reduce((total, decoding) => total + decoding.escapes, 0);
      if (!decodesAsEscaped({ decoded: '', escapes })) return [];
      return [
        {
          encoding,
          decoded: join(
            decodings.map(({ decoded }) => decoded),
            '\n',
          ),
        },
      ];
    });
  function join(parts: readonly string[], separator: '\n'): string {
    const joined = parts.join(separator);
    if (runs.has(joined)) return joined;
    const base64: DecodedSegment[] = [];
    const hex: DecodedSegment[] = [];
    let offset = 0;
    for (const part of parts) {
      const own = runsOf(part);
      base64.push(...shifted(own.base64, offset));
      hex.push(...shifted(own.hex, offset));
      offset += part.length + separator.length;
    }
    runs.set(joined, { base64, hex });
    joinedFrom.set(joined, parts);
    return joined;
  }
  return {
    runsOf,
    foldedOf,
    escapesOf: (text) =>
      memo('escapes', text, () => {
        const parts = joinedFrom.get(text);
        return parts === undefined ? decodeEscapes(text, escaped) : joinedEscapes(parts, text);
      }),
    join,
    partsOf: (text) => joinedFrom.get(text),
    memo,
  };
}
