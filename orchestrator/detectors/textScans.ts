// What the content detectors read of one record, worked out once and shared: the decoded base64
// and hex runs of every text. The PII and injection policies of one decision read the same
// texts, and the injection policy also reads them all joined; with one TextScans per decision
// each text is decoded once, and the joined text's runs are its parts' runs.
import { findRuns, type DecodedRuns, type DecodedSegment } from './encoded.ts';

export interface TextScans {
  /** The decoded runs of `text`, found on first use. */
  runsOf(text: string): DecodedRuns;
  /** `parts` joined by `separator`, with runs made of the parts' own (no run crosses a separator). */
  join(parts: readonly string[], separator: '\n'): string;
}

const shifted = (segments: readonly DecodedSegment[], by: number): DecodedSegment[] =>
  segments.map((segment) => ({ ...segment, start: segment.start + by, end: segment.end + by }));

export function textScans(): TextScans {
  const runs = new Map<string, DecodedRuns>();
  const runsOf = (text: string): DecodedRuns => {
    let found = runs.get(text);
    if (found === undefined) runs.set(text, (found = findRuns(text)));
    return found;
  };
  return {
    runsOf,
    join(parts, separator) {
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
      return joined;
    },
  };
}
