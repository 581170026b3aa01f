// Finds text hidden in encodings — base64, hex, URL percent-encoding, HTML entities and \u
// escapes — and decodes it, so the detectors can read it too. Every scanner is a single forward
// pass; decoding stops when the caller's budget of decoded characters runs out.
import { isUtf8 } from 'node:buffer';
import { decodeEscapes } from './escapes.ts';

export type Encoding = 'base64' | 'hex' | 'url' | 'html' | 'unicode-escape';

export interface DecodedSegment {
  readonly encoding: Encoding;
  /** Where the encoded text sits; a whole-text decoding (url, html, unicode-escape) spans all of it. */
  readonly start: number;
  readonly end: number;
  readonly decoded: string;
}

export interface DecodeBudget {
  /** Decoded characters still allowed; decoding stops at zero. */
  remaining: number;
  exhausted: boolean;
}

const MIN_BASE64 = 16;
const MIN_HEX_DIGITS = 16;
const MIN_SEPARATED_BYTES = 8;

// Character classes as tables: one read per character, on every character of every text.
const BASE64_CODES = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_')
  BASE64_CODES[c.charCodeAt(0)] = 1;
const HEX_VALUES = new Int8Array(128).fill(-1);
for (const [i, c] of [...'0123456789abcdef'].entries()) {
  HEX_VALUES[c.charCodeAt(0)] = i;
  HEX_VALUES[c.toUpperCase().charCodeAt(0)] = i;
}

const isBase64Code = (c: number): boolean => c < 128 && BASE64_CODES[c] === 1;
/** -1 for anything else, NaN (past the end) included. */
const hexValue = (c: number): number => (c < 128 ? HEX_VALUES[c]! : -1);

/** Decoded bytes as text, if they are valid UTF-8 without control characters (binary rarely is both). */
export function asReadableText(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let alphanumeric = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) return undefined;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 0x7f) alphanumeric++;
  }
  return alphanumeric >= 4 ? text : undefined;
}

function spend(budget: DecodeBudget, chars: number): boolean {
  if (budget.remaining < chars) {
    budget.exhausted = true;
    return false;
  }
  budget.remaining -= chars;
  return true;
}

function base64Segments(text: string, budget: DecodeBudget): DecodedSegment[] {
  const segments: DecodedSegment[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isBase64Code(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isBase64Code(text.charCodeAt(i))) i++;
    const dataEnd = i;
    while (i < text.length && i - dataEnd < 2 && text[i] === '=') i++;
    if (dataEnd - start < MIN_BASE64 || !spend(budget, Math.ceil(((dataEnd - start) * 3) / 4))) continue;
    const standard = text.slice(start, dataEnd).replaceAll('-', '+').replaceAll('_', '/');
    const decoded = asReadableText(Buffer.from(standard, 'base64'));
    if (decoded !== undefined) segments.push({ encoding: 'base64', start, end: i, decoded });
  }
  return segments;
}

/** Bytes written as hex digit pairs, each optionally after `prefix`, with `separator` between pairs. */
function readHexBytes(
  text: string,
  from: number,
  prefix: string,
  separator: string,
): { bytes: number[]; end: number } {
  const bytes: number[] = [];
  let i = from;
  let end = from;
  for (;;) {
    if (prefix && !text.startsWith(prefix, i)) break;
    const at = i + prefix.length;
    const high = hexValue(text.charCodeAt(at));
    const low = hexValue(text.charCodeAt(at + 1));
    if (high < 0 || low < 0) break;
    bytes.push(high * 16 + low);
    end = at + 2;
    if (separator && !text.startsWith(separator, end)) break;
    i = end + separator.length;
  }
  return { bytes, end };
}

interface HexForm {
  readonly prefix: string;
  readonly separator: string;
  readonly minBytes: number;
}

const HEX_FORMS: readonly HexForm[] = [
  { prefix: '', separator: '', minBytes: MIN_HEX_DIGITS / 2 },
  { prefix: '\\x', separator: '', minBytes: 4 },
  { prefix: '0x', separator: ' ', minBytes: 4 },
  { prefix: '0x', separator: ',', minBytes: 4 },
  { prefix: '', separator: ' ', minBytes: MIN_SEPARATED_BYTES },
  { prefix: '', separator: ':', minBytes: MIN_SEPARATED_BYTES },
];

/** How many hex digits run from `from`. */
function hexRun(text: string, from: number): number {
  let end = from;
  while (end < text.length && hexValue(text.charCodeAt(end)) >= 0) end++;
  return end - from;
}

const isPairSeparator = (c: number): boolean => c === 32 || c === 58; // ' ' ':'

function hexSegments(text: string, budget: DecodeBudget): DecodedSegment[] {
  const segments: DecodedSegment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // Every form starts with a digit pair or a \x or 0x prefix: most words start with neither.
    const following = text.charCodeAt(i + 1);
    const prefixed = (c === 92 || c === 48) && following === 120; // \x, 0x
    const startsHere = prefixed || (hexValue(c) >= 0 && hexValue(following) >= 0);
    if (!startsHere || (i > 0 && hexValue(text.charCodeAt(i - 1)) >= 0)) {
      i++;
      continue;
    }
    if (!prefixed) {
      // Without a prefix, only a run of 16 digits or a lone pair before a separator can start
      // a form; no position inside or right after a run is a start, so the run is passed whole.
      const run = hexRun(text, i);
      if (run < MIN_HEX_DIGITS && !(run === 2 && isPairSeparator(text.charCodeAt(i + 2)))) {
        i += run;
        continue;
      }
    }
    let next = i + 1;
    for (const form of HEX_FORMS) {
      const { bytes, end } = readHexBytes(text, i, form.prefix, form.separator);
      if (bytes.length < form.minBytes) continue;
      next = end;
      if (!spend(budget, bytes.length)) break;
      const decoded = asReadableText(Uint8Array.from(bytes));
      if (decoded !== undefined) segments.push({ encoding: 'hex', start: i, end, decoded });
      break;
    }
    i = next;
  }
  return segments;
}

/** The base64 and hex runs of a text that decode to readable text, with their positions. */
export interface DecodedRuns {
  readonly base64: readonly DecodedSegment[];
  readonly hex: readonly DecodedSegment[];
}

/**
 * Every readable base64 and hex run in `text`, decoded. Linear without a budget: a character
 * belongs to one base64 and at most one hex run, so at most 1.25 characters are decoded per
 * character read. Computed once per text and shared (see textScans.ts); budgets apply to use.
 */
export function findRuns(text: string): DecodedRuns {
  const unbounded = { remaining: Infinity, exhausted: false };
  return { base64: base64Segments(text, unbounded), hex: hexSegments(text, unbounded) };
}

/** The runs of `text` (base64 first, then hex) that fit in the budget. */
export function decodeRuns(text: string, budget: DecodeBudget, runs = findRuns(text)): DecodedSegment[] {
  return [...runs.base64, ...runs.hex].filter((segment) => spend(budget, segment.decoded.length));
}

/** Every hidden payload found in `text`, decoded one level deep. */
export function decodePayloads(
  text: string,
  budget: DecodeBudget,
  runs = findRuns(text),
  escapes: readonly { readonly encoding: Encoding; readonly decoded: string }[] = decodeEscapes(text),
): DecodedSegment[] {
  const segments = decodeRuns(text, budget, runs);
  for (const escaped of escapes) {
    if (spend(budget, escaped.decoded.length)) segments.push({ ...escaped, start: 0, end: text.length });
  }
  return segments;
}
