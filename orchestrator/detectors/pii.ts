// PII in free text, with real validators: a number that fails its checksum is not PII, and an
// amount, a date or a payment reference is not a phone number. Offsets are UTF-16 indexes into
// the text as given, so redactPii can cut exactly what findPii found.
import { isAadhaarLayout, isAadhaarNumber } from './aadhaar.ts';
import { isCardLayout, isCardNumber } from './cards.ts';
import { findEmails } from './emails.ts';
import { decodeRuns } from './encoded.ts';
import { findIbans } from './ibans.ts';
import type { PiiKind } from './kinds.ts';
import { PII_KINDS } from './kinds.ts';
import type { DigitGroup, NumberWindow } from './numberWindows.ts';
import { digitGroups, forEachNumberWindow } from './numberWindows.ts';
import { keepLongestNonOverlapping } from './overlaps.ts';
import { findPans } from './pan.ts';
import { findPhones } from './phones.ts';
import { scanView } from './scanView.ts';
import type { Span } from './span.ts';
import { isSsn, isSsnLayout } from './ssn.ts';
import { textScans, type TextScans } from './textScans.ts';
import { findSwiftCodes } from './swift.ts';

export type { PiiKind } from './kinds.ts';
export { PII_KINDS } from './kinds.ts';

export interface PiiFinding {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

interface NumberKind {
  readonly kind: PiiKind;
  /** Digit count and group layout the kind is written in; windows no kind wants are never built. */
  readonly fits: (count: number) => boolean;
  readonly layout: (groups: readonly number[], separator: string) => boolean;
  readonly matches: (text: string, window: NumberWindow) => boolean;
}

const NUMBER_KINDS: readonly NumberKind[] = [
  {
    kind: 'CARD',
    fits: (count) => count >= 13,
    layout: isCardLayout,
    matches: (_, window) => isCardNumber(window),
  },
  { kind: 'AADHAAR', fits: (count) => count === 12, layout: isAadhaarLayout, matches: isAadhaarNumber },
  { kind: 'SSN', fits: (count) => count === 9, layout: isSsnLayout, matches: isSsn },
];

function findNumbers(text: string, groups: readonly DigitGroup[], wanted: ReadonlySet<PiiKind>): Span[] {
  const kinds = NUMBER_KINDS.filter(({ kind }) => wanted.has(kind));
  if (kinds.length === 0) return [];
  const wants = (lengths: readonly number[], separator: string, count: number): boolean =>
    kinds.some(({ fits, layout }) => fits(count) && layout(lengths, separator));
  const spans: Span[] = [];
  // Cards have at most 19 digits in 5 groups (4-4-4-4-3); SSNs the fewest, 9.
  forEachNumberWindow(text, groups, { minDigits: 9, maxDigits: 19, maxGroups: 5, wants }, (window) => {
    const match = kinds.find(({ matches }) => matches(text, window));
    if (match) spans.push({ kind: match.kind, start: window.start, end: window.end });
  });
  return spans;
}

function findInView(text: string, wanted: ReadonlySet<PiiKind>): Span[] {
  const spans: Span[] = [];
  const needsDigits = wanted.has('CARD') || wanted.has('AADHAAR') || wanted.has('SSN') || wanted.has('PHONE');
  const groups = needsDigits ? digitGroups(text) : [];
  spans.push(...findNumbers(text, groups, wanted));
  if (wanted.has('PHONE')) spans.push(...findPhones(text, groups));
  if (wanted.has('IBAN')) spans.push(...findIbans(text));
  if (wanted.has('EMAIL')) spans.push(...findEmails(text));
  if (wanted.has('PAN')) spans.push(...findPans(text));
  if (wanted.has('SWIFT')) spans.push(...findSwiftCodes(text));
  return spans;
}

/**
 * PII inside base64 or hex runs ("NDExMSAxMTEx..."): the whole run is reported, as the kind of
 * the first value found in it, so redaction removes the encoded copy too.
 */
function findEncoded(text: string, wanted: ReadonlySet<PiiKind>, scans: TextScans): Span[] {
  const budget = { remaining: text.length, exhausted: false };
  return decodeRuns(text, budget, scans.runsOf(text)).flatMap((segment) => {
    const [first] = findInView(segment.decoded, wanted);
    return first ? [{ kind: first.kind, start: segment.start, end: segment.end }] : [];
  });
}

/**
 * Every PII value in `text` (of the given kinds, all by default), in order, never overlapping.
 * `scans` shares decoding with the other detectors reading the same record.
 */
export function findPii(
  text: string,
  kinds: readonly PiiKind[] = PII_KINDS,
  scans: TextScans = textScans(),
): PiiFinding[] {
  const view = scanView(text);
  const wanted = new Set(kinds);
  const found = [...findInView(view.text, wanted), ...findEncoded(view.text, wanted, scans)];
  const spans = keepLongestNonOverlapping(found, view.text.length);
  return spans.map((span) => ({ kind: span.kind, ...view.toOriginal(span.start, span.end) }));
}

/** `text` with each finding replaced by [REDACTED:KIND]; overlapping or out-of-range findings are skipped. */
export function redactPii(text: string, findings: readonly PiiFinding[]): string {
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: string[] = [];
  let cursor = 0;
  for (const finding of ordered) {
    if (finding.start < cursor || finding.end > text.length || finding.end <= finding.start) continue;
    parts.push(text.slice(cursor, finding.start), `[REDACTED:${finding.kind}]`);
    cursor = finding.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}
