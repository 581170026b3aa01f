// Folds text so that one set of phrase patterns sees through the usual disguises: compatibility
// forms (full-width, math bold) and accents via NFKD; invisible characters dropped; look-alike
// letters mapped to Latin; leetspeak read as letters; "i.g.n.o.r.e" rejoined. Each token records
// whether a disguise was needed to read it, because needing one is itself evidence.
// One pass over the text writes token letters into a flat buffer, so tokens are slices of one
// string and the cost stays linear (and small) on megabytes of input.
import { HOMOGLYPHS } from '../../schemas/homoglyphs.ts';
import { isBidiControl, isInvisible, isTagChar } from './unicode.ts';

export interface FoldedToken {
  readonly word: string;
  readonly obfuscated: boolean;
}

export interface FoldEvidence {
  /** Invisible characters found inside words. */
  readonly invisibleInWords: number;
  /** Bidi embedding, override and isolate controls (not the plain LRM/RLM marks). */
  readonly bidiControls: number;
  /** Words mixing Latin letters with look-alikes from other scripts. */
  readonly mixedScriptWords: number;
  /** Words spelled out with a separator between letters. */
  readonly spacedOutWords: number;
}

export interface FoldedText {
  readonly tokens: readonly FoldedToken[];
  /** All token letters run together: phrases survive any separator inserted anywhere. */
  readonly squashed: string;
  /** `squashed` read through ROT13. */
  readonly rot13: string;
  /** Lower case, look-alikes mapped, blanks collapsed, line breaks kept: for role tags like "### system:". */
  readonly layout: string;
  /** ASCII smuggled in Unicode tag characters. */
  readonly hidden: string;
  readonly evidence: FoldEvidence;
}

/** Compatibility forms and accents folded away, lower case. */
const NON_ASCII = /[\u0080-\uffff]/;

export function baseFold(text: string): string {
  // ASCII has no compatibility forms and no accents: NFKD would return it unchanged.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '');
}

// ASCII classes. 'l' and 'i' (and '1', '|', '!') are one letter for matching: "a11", "aII" and
// "all" all read "aii".
const Kind = { Other: 0, Letter: 1, LeetDigit: 2, LeetSymbol: 3, Blank: 4 } as const;
const ASCII_KIND = new Uint8Array(128);
const ASCII_READ = new Uint16Array(128);
for (let c = 97; c <= 122; c++) {
  ASCII_KIND[c] = Kind.Letter;
  ASCII_READ[c] = c === 108 /* l */ ? 105 : c;
}
for (const [char, read] of Object.entries({
  0: 'o',
  1: 'i',
  3: 'e',
  4: 'a',
  5: 's',
  7: 't',
  8: 'b',
  9: 'g',
})) {
  ASCII_KIND[char.charCodeAt(0)] = Kind.LeetDigit;
  ASCII_READ[char.charCodeAt(0)] = read.charCodeAt(0);
}
for (const [char, read] of Object.entries({ '@': 'a', $: 's', '!': 'i', '|': 'i' })) {
  ASCII_KIND[char.charCodeAt(0)] = Kind.LeetSymbol;
  ASCII_READ[char.charCodeAt(0)] = read.charCodeAt(0);
}
for (const blank of ' \t\r\f\v') ASCII_KIND[blank.charCodeAt(0)] = Kind.Blank;

const rot13Code = (c: number): number => (c >= 97 && c <= 122 ? ((c - 97 + 13) % 26) + 97 : c);
const foldConfusable = (c: number): number => (c === 108 ? 105 : c);

const LETTER = /[\p{L}\p{M}]/u;
const bmpLetterCache = new Uint8Array(0x10000); // 0 unknown, 1 letter, 2 not a letter
function isNonAsciiLetter(cp: number): boolean {
  if (cp > 0xffff) return LETTER.test(String.fromCodePoint(cp));
  if (bmpLetterCache[cp] === 0) bmpLetterCache[cp] = LETTER.test(String.fromCharCode(cp)) ? 1 : 2;
  return bmpLetterCache[cp] === 1;
}

/** One pattern word folded the way text tokens are. */
export function foldWord(word: string): string {
  const folded = foldText(word).squashed;
  return folded.length > 0 ? folded : baseFold(word);
}

interface RawToken {
  /** Slice of the letter buffer. */
  start: number;
  end: number;
  /** Where the characters before this token (since the previous one) begin and end in the folded text. */
  jointFrom: number;
  jointTo: number;
  letters: number;
  leet: number;
  lookalikes: number;
  asciiLetters: number;
  invisibleInside: number;
  /** Characters that are not hex digits (see isHexIdentifier). */
  nonHex: number;
  /** Touches a digit that leetspeak does not read ("ce0" in "ce02"): part of a longer number. */
  touchesPlainDigit: boolean;
}

const decodeUnits = (units: Uint16Array, length: number): string =>
  Buffer.from(units.buffer, units.byteOffset, length * 2).toString('utf16le');

interface Tokenized {
  readonly raw: RawToken[];
  readonly letters: string;
  readonly rot13: string;
  readonly layout: string;
  readonly hidden: string;
  readonly invisibleInWords: number;
  readonly bidiControls: number;
}

/** The tokenizer's running state: fields of one object, which optimised code reads and writes in place. */
class Tokens {
  readonly letters: Uint16Array;
  readonly rotated: Uint16Array;
  readonly raw: RawToken[] = [];
  written = 0;
  current: RawToken | undefined = undefined;
  jointFrom = 0;
  invisibleSinceLetter = 0;
  invisibleInWords = 0;
  /** Where the character after the last plain digit (2 or 6) sits. */
  afterPlainDigit = -1;

  constructor(size: number) {
    this.letters = new Uint16Array(size);
    this.rotated = new Uint16Array(size);
  }

  push(read: number, real: boolean, lookalike: boolean, asciiLetter: boolean, at: number, hex = false): void {
    let current = this.current;
    if (current === undefined) {
      current = this.current = {
        start: this.written,
        end: this.written,
        jointFrom: this.jointFrom,
        jointTo: at,
        letters: 0,
        leet: 0,
        lookalikes: 0,
        asciiLetters: 0,
        invisibleInside: 0,
        nonHex: 0,
        touchesPlainDigit: this.afterPlainDigit === at,
      };
    } else if (this.invisibleSinceLetter > 0) {
      current.invisibleInside += this.invisibleSinceLetter;
      this.invisibleInWords += this.invisibleSinceLetter;
    }
    this.invisibleSinceLetter = 0;
    this.letters[this.written] = foldConfusable(read);
    this.rotated[this.written] = foldConfusable(rot13Code(read));
    current.end = ++this.written;
    if (real) current.letters++;
    else current.leet++;
    if (lookalike) current.lookalikes++;
    if (asciiLetter) current.asciiLetters++;
    if (!hex) current.nonHex++;
  }

  end(at: number): void {
    if (this.current !== undefined) this.raw.push(this.current);
    this.current = undefined;
    this.invisibleSinceLetter = 0;
    this.jointFrom = at;
  }
}

function tokenize(folded: string): Tokenized {
  const size = folded.length;
  const tokens = new Tokens(size);
  const layout = new Uint16Array(size + 1);
  const hidden: number[] = [];
  let laidOut = 0;
  let bidiControls = 0;
  layout[laidOut++] = 10; // a leading line break: a role tag at the start counts as line-initial

  for (let i = 0; i < size; i++) {
    const unit = folded.charCodeAt(i);
    if (unit < 128) {
      const kind = ASCII_KIND[unit]!;
      const next = folded.charCodeAt(i + 1);
      const nextReadsAsLetter =
        next < 128 && (ASCII_KIND[next] === Kind.Letter || ASCII_KIND[next] === Kind.LeetDigit);
      if (
        kind === Kind.Letter ||
        kind === Kind.LeetDigit ||
        (kind === Kind.LeetSymbol && nextReadsAsLetter)
      ) {
        const hex = (unit >= 48 && unit <= 57) || (unit >= 97 && unit <= 102);
        tokens.push(ASCII_READ[unit]!, kind === Kind.Letter, false, kind === Kind.Letter, i, hex);
      } else {
        if (unit === 50 || unit === 54) {
          if (tokens.current) tokens.current.touchesPlainDigit = true;
          tokens.afterPlainDigit = i + 1;
        }
        if (tokens.current) tokens.end(i);
      }
      if (kind === Kind.Blank) {
        if (layout[laidOut - 1] !== 32) layout[laidOut++] = 32;
      } else {
        layout[laidOut++] = unit;
      }
      continue;
    }
    const cp = folded.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isTagChar(cp)) {
      if (cp >= 0xe0020 && cp <= 0xe007e) hidden.push(cp - 0xe0000);
    } else if (isInvisible(cp)) {
      if (isBidiControl(cp) && cp !== 0x200e && cp !== 0x200f && cp !== 0x61c) bidiControls++;
      if (tokens.current) tokens.invisibleSinceLetter++;
    } else {
      const lookalike = HOMOGLYPHS.get(cp);
      if (lookalike !== undefined) {
        const read = lookalike.toLowerCase().charCodeAt(0);
        tokens.push(read, true, true, false, i);
        layout[laidOut++] = read;
      } else if (isNonAsciiLetter(cp)) {
        for (let k = 0; k < width; k++) tokens.push(folded.charCodeAt(i + k), true, false, false, i);
        for (let k = 0; k < width; k++) layout[laidOut++] = folded.charCodeAt(i + k);
      } else {
        if (tokens.current) tokens.end(i);
        for (let k = 0; k < width; k++) layout[laidOut++] = folded.charCodeAt(i + k);
      }
    }
    i += width - 1;
  }
  if (tokens.current) tokens.raw.push(tokens.current);
  return {
    raw: tokens.raw,
    letters: decodeUnits(tokens.letters, tokens.written),
    rot13: decodeUnits(tokens.rotated, tokens.written),
    layout: decodeUnits(layout, laidOut),
    hidden: decodeUnits(Uint16Array.from(hidden), hidden.length),
    invisibleInWords: tokens.invisibleInWords,
    bidiControls,
  };
}

/** Up to three characters of the text between two tokens: enough to tell "." from ". " from "  ". */
const jointOf = (folded: string, token: RawToken): string =>
  folded.slice(token.jointFrom, Math.min(token.jointTo, token.jointFrom + 3));

const isSpacedOutJoint = (joint: string): boolean =>
  joint.length >= 1 && joint.length <= 2 && !joint.includes('\n');

/**
 * Rejoins words written one letter at a time: a run of three or more single letters with the same
 * joint between them ("i.g.n.o.r.e", "i g n o r e"). A different joint ends the word, so
 * "i g n o r e  a l l" (two spaces between words) reads "ignore aii".
 */
function rejoinSpacedOut(
  raw: readonly RawToken[],
  folded: string,
): { tokens: RawToken[]; spacedOut: number } {
  const tokens: RawToken[] = [];
  let spacedOut = 0;
  let i = 0;
  while (i < raw.length) {
    let end = i + 1;
    if (raw[i]!.end - raw[i]!.start === 1) {
      const joint = end < raw.length ? jointOf(folded, raw[end]!) : '';
      while (
        end < raw.length &&
        raw[end]!.end - raw[end]!.start === 1 &&
        isSpacedOutJoint(joint) &&
        jointOf(folded, raw[end]!) === joint
      ) {
        end++;
      }
    }
    if (end - i >= 3) {
      const first = raw[i]!;
      tokens.push({ ...first, end: raw[end - 1]!.end, letters: end - i, invisibleInside: 1 });
      spacedOut++;
      i = end;
    } else {
      tokens.push(raw[i]!);
      i++;
    }
  }
  return { tokens, spacedOut };
}

const MIN_BARE_HEX_IDENTIFIER = 6;

/**
 * Hex letters mixed with digits, touching a digit leetspeak does not read ("ce0" of "ce02") or six
 * characters long ("5b1f0ce0"), are an identifier (a UUID, a reference), not leetspeak: read as
 * letters, "ce0" would be "ceo". They are left out of the words; "a11" (all) still reads.
 */
const isHexIdentifier = (token: RawToken): boolean =>
  token.nonHex === 0 &&
  token.leet > 0 &&
  token.letters > 0 &&
  token.invisibleInside === 0 &&
  (token.touchesPlainDigit || token.end - token.start >= MIN_BARE_HEX_IDENTIFIER);

const isDisguised = (token: RawToken): boolean =>
  token.invisibleInside > 0 || token.lookalikes > 0 || (token.leet > 0 && token.letters > 0);

export function foldText(text: string): FoldedText {
  const folded = baseFold(text);
  const { raw, letters, rot13, layout, hidden, invisibleInWords, bidiControls } = tokenize(folded);
  const rejoined = rejoinSpacedOut(raw, folded);
  const { spacedOut } = rejoined;
  const tokens = rejoined.tokens.some(isHexIdentifier)
    ? rejoined.tokens.filter((token) => !isHexIdentifier(token))
    : rejoined.tokens;
  const kept = tokens.length === rejoined.tokens.length;
  let mixedScriptWords = 0;
  for (const token of tokens) if (token.lookalikes > 0 && token.asciiLetters > 0) mixedScriptWords++;
  const lettersOf = (buffer: string): string =>
    kept ? buffer : tokens.map((token) => buffer.slice(token.start, token.end)).join('');
  return {
    tokens: tokens.map((token) => ({
      word: letters.slice(token.start, token.end),
      obfuscated: isDisguised(token),
    })),
    squashed: lettersOf(letters),
    rot13: lettersOf(rot13),
    layout,
    hidden,
    evidence: { invisibleInWords, bidiControls, mixedScriptWords, spacedOutWords: spacedOut },
  };
}

/**
 * The folding of `parts` joined by line breaks, made of the parts' own foldings: folding never
 * reads across a line break (no token, disguise or role tag spans one), so this is exactly
 * `foldText(parts.join('\n'))` without reading the texts again.
 */
export function joinFolded(parts: readonly FoldedText[]): FoldedText {
  const sum = (of: (evidence: FoldEvidence) => number): number =>
    parts.reduce((total, part) => total + of(part.evidence), 0);
  const tokens: FoldedToken[] = [];
  for (const part of parts) for (const token of part.tokens) tokens.push(token);
  return {
    tokens,
    squashed: parts.map((part) => part.squashed).join(''),
    rot13: parts.map((part) => part.rot13).join(''),
    // Each part's layout begins with the line break that stands before it in the joined text.
    layout: parts.map((part) => part.layout).join(''),
    hidden: parts.map((part) => part.hidden).join(''),
    evidence: {
      invisibleInWords: sum((evidence) => evidence.invisibleInWords),
      bidiControls: sum((evidence) => evidence.bidiControls),
      mixedScriptWords: sum((evidence) => evidence.mixedScriptWords),
      spacedOutWords: sum((evidence) => evidence.spacedOutWords),
    },
  };
}
