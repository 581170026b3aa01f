// The text the PII finders read: digits of any script as ASCII, full-width forms as ASCII,
// exotic spaces and dashes as plain ones, look-alike letters as Latin, invisible characters
// removed, and "[at]" / "(dot)" spelled out as symbols. Each view character remembers where
// it came from, so a finding is reported (and redacted) in the caller's own offsets.
import { HOMOGLYPHS } from '../../schemas/homoglyphs.ts';
import { asciiDigit, isExoticDash, isExoticSpace, isInvisible } from './unicode.ts';

export interface ScanView {
  readonly text: string;
  /** The original [start, end) of the view's [start, end). */
  toOriginal(start: number, end: number): { start: number; end: number };
}

const NON_ASCII = /[\u0080-\uffff]/;
const SPELLED_SYMBOL = /[[({] ?(?:at|dot) ?[\])}]/i;

function identityView(text: string): ScanView {
  return { text, toOriginal: (start, end) => ({ start, end }) };
}

/** "[at]", "( dot )" and friends at `i`: the symbol they spell and their length, or undefined. */
function spelledSymbolAt(text: string, i: number): { symbol: string; length: number } | undefined {
  const open = text[i];
  if (open !== '[' && open !== '(' && open !== '{') return undefined;
  let j = i + 1;
  if (text[j] === ' ') j++;
  const word = text.slice(j, j + 3).toLowerCase();
  const symbol = word === 'dot' ? '.' : word.startsWith('at') ? '@' : undefined;
  if (symbol === undefined) return undefined;
  j += symbol === '.' ? 3 : 2;
  if (text[j] === ' ') j++;
  const close = text[j];
  if (close !== ']' && close !== ')' && close !== '}') return undefined;
  return { symbol, length: j + 1 - i };
}

const compatibilityCache = new Map<number, string | undefined>();

/** The single ASCII character NFKC folds a code point to (mathematical letters, circled digits). */
function compatibilityAscii(cp: number): string | undefined {
  if (!compatibilityCache.has(cp)) {
    const folded = String.fromCodePoint(cp).normalize('NFKC');
    compatibilityCache.set(cp, folded.length === 1 && folded.charCodeAt(0) < 0x80 ? folded : undefined);
  }
  return compatibilityCache.get(cp);
}

function mapCodePoint(cp: number): string | undefined {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (isInvisible(cp)) return '';
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  if (isExoticSpace(cp)) return ' ';
  if (isExoticDash(cp)) return '-';
  return asciiDigit(cp) ?? HOMOGLYPHS.get(cp) ?? compatibilityAscii(cp);
}

export function scanView(original: string): ScanView {
  if (!NON_ASCII.test(original) && !SPELLED_SYMBOL.test(original)) return identityView(original);

  // No character maps to more units than it has, so the view fits the original's length.
  const units = new Uint16Array(original.length);
  const starts = new Int32Array(original.length);
  const ends = new Int32Array(original.length);
  let length = 0;
  const emit = (chars: string, start: number, end: number): void => {
    for (let k = 0; k < chars.length; k++) {
      units[length] = chars.charCodeAt(k);
      starts[length] = start;
      ends[length] = end;
      length++;
    }
  };

  let i = 0;
  while (i < original.length) {
    const unit = original.charCodeAt(i);
    if (unit < 0x80 && unit !== 0x5b && unit !== 0x28 && unit !== 0x7b) {
      // ASCII other than an opening bracket stands for itself: the common case, without a string.
      units[length] = unit;
      starts[length] = i;
      ends[length++] = ++i;
      continue;
    }
    const spelled = spelledSymbolAt(original, i);
    if (spelled) {
      // "john [at] bank [dot] com": the spaces around the spelled symbol go too.
      while (length > 0 && units[length - 1] === 32) length--;
      emit(spelled.symbol, i, i + spelled.length);
      i += spelled.length;
      while (original[i] === ' ') i++;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    emit(mapCodePoint(cp) ?? original.slice(i, i + width), i, i + width);
    i += width;
  }

  return {
    text: Buffer.from(units.buffer, 0, length * 2).toString('utf16le'),
    toOriginal(start, end) {
      if (end <= start) {
        const at = start >= 0 && start < length ? starts[start]! : original.length;
        return { start: at, end: at };
      }
      return { start: starts[start]!, end: ends[end - 1]! };
    },
  };
}
