// Whole-text decodings of escape syntaxes: URL percent-encoding ("%69%67"), HTML character
// references ("&#105;", "&lt;") and \u escapes ("\u0069"). A text is decoded only when it holds
// at least MIN_ESCAPES of a kind, so ordinary "50% off" or "AT&T" is left alone.
import type { Encoding } from './encoded.ts';

const MIN_ESCAPES = 3;

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function percentDecode(text: string): { decoded: string; escapes: number } {
  const chunks: Buffer[] = [];
  let escaped: number[] = [];
  let plainFrom = 0;
  let escapes = 0;
  const flushEscaped = (): void => {
    if (escaped.length > 0) chunks.push(Buffer.from(escaped));
    escaped = [];
  };
  let i = text.indexOf('%');
  while (i !== -1) {
    const high = hexValue(text.charCodeAt(i + 1));
    const low = high >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      if (i > plainFrom) {
        flushEscaped();
        chunks.push(Buffer.from(text.slice(plainFrom, i), 'utf8'));
      }
      escaped.push(high * 16 + low);
      escapes++;
      plainFrom = i + 3;
    }
    i = text.indexOf('%', i + 1);
  }
  flushEscaped();
  chunks.push(Buffer.from(text.slice(plainFrom), 'utf8'));
  return { decoded: Buffer.concat(chunks).toString('utf8'), escapes };
}

/** The character an HTML reference at `i` stands for and its length, if one is there. */
function entityAt(text: string, i: number): { char: string; length: number } | undefined {
  const window = text.slice(i, i + 12).indexOf(';');
  if (window === -1) return undefined;
  const close = i + window;
  const body = text.slice(i + 1, close);
  const named = NAMED_ENTITIES[body];
  if (named !== undefined) return { char: named, length: close + 1 - i };
  const numeric = /^#(?:x([0-9a-f]{1,6})|([0-9]{1,7}))$/i.exec(body);
  if (!numeric) return undefined;
  const cp = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
  return cp > 0 && cp <= 0x10ffff ? { char: String.fromCodePoint(cp), length: close + 1 - i } : undefined;
}

/** Replaces every escape that `escapeAt` recognises after an occurrence of `marker`; plain text is copied in slices. */
function unescapeAll(
  text: string,
  marker: string,
  escapeAt: (text: string, i: number) => { char: string; length: number } | undefined,
): { decoded: string; escapes: number } {
  const parts: string[] = [];
  let escapes = 0;
  let plainFrom = 0;
  let i = text.indexOf(marker);
  while (i !== -1) {
    const escape = escapeAt(text, i);
    if (escape) {
      parts.push(text.slice(plainFrom, i), escape.char);
      escapes++;
      plainFrom = i + escape.length;
    }
    i = text.indexOf(marker, escape ? plainFrom : i + 1);
  }
  parts.push(text.slice(plainFrom));
  return { decoded: parts.join(''), escapes };
}

const htmlDecode = (text: string): { decoded: string; escapes: number } => unescapeAll(text, '&', entityAt);

/** The UTF-16 unit a "\\uXXXX" escape at `i` stands for. */
function unicodeEscapeAt(text: string, i: number): { char: string; length: number } | undefined {
  let value = 0;
  for (let k = 2; k < 6; k++) {
    const digit = hexValue(text.charCodeAt(i + k));
    if (digit < 0) return undefined;
    value = value * 16 + digit;
  }
  return { char: String.fromCharCode(value), length: 6 };
}

const unicodeUnescape = (text: string): { decoded: string; escapes: number } =>
  unescapeAll(text, '\\u', unicodeEscapeAt);

export interface Escaped {
  readonly decoded: string;
  /** How many escapes were decoded. */
  readonly escapes: number;
}

const DECODERS: readonly {
  readonly encoding: Encoding;
  /** Every escape of the syntax begins with it. */
  readonly marker: string;
  readonly decode: (text: string) => Escaped;
}[] = [
  { encoding: 'url', marker: '%', decode: percentDecode },
  { encoding: 'html', marker: '&', decode: htmlDecode },
  { encoding: 'unicode-escape', marker: '\\u', decode: unicodeUnescape },
];

/** The escape syntaxes and the marker each escape begins with. */
export const ESCAPE_SYNTAXES: readonly { readonly encoding: Encoding; readonly marker: string }[] = DECODERS;

/**
 * `text` with every escape of one syntax decoded, however few. No escape spans a line break, so
 * the decoding of texts joined by one is the join of their decodings (textScans.ts relies on it).
 */
export function decodeEscaped(encoding: Encoding, text: string): Escaped {
  const decoder = DECODERS.find((candidate) => candidate.encoding === encoding);
  return decoder === undefined ? { decoded: text, escapes: 0 } : decoder.decode(text);
}

/** Whether a text holds enough escapes of a syntax to be read through it. */
export const decodesAsEscaped = ({ escapes }: Escaped): boolean => escapes >= MIN_ESCAPES;

export function decodeEscapes(
  text: string,
  escaped: (encoding: Encoding, text: string) => Escaped = decodeEscaped,
): { encoding: Encoding; decoded: string }[] {
  return DECODERS.filter(({ marker }) => text.includes(marker))
    .map(({ encoding }) => ({ encoding, ...escaped(encoding, text) }))
    .filter(decodesAsEscaped)
    .map(({ encoding, decoded }) => ({ encoding, decoded }));
}
