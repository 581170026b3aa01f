// Characters that render as nothing. Attackers put them inside words ("ig\u200Bnore") so that a
// naive matcher sees two tokens, and hide whole messages in Unicode tag characters.

/** Unicode tag characters (U+E0000..U+E007F) mirror ASCII and are invisible in most renderers. */
export const isTagChar = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;

/** Bidirectional controls that can reorder what a reviewer sees. */
export const isBidiControl = (cp: number): boolean =>
  (cp >= 0x202a && cp <= 0x202e) ||
  (cp >= 0x2066 && cp <= 0x2069) ||
  cp === 0x200e ||
  cp === 0x200f ||
  cp === 0x061c;

/** Zero-width, joiner, filler, variation-selector and other default-ignorable code points. */
export function isInvisible(cp: number): boolean {
  if (cp < 0xad) return false;
  return (
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x61c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

/** Space characters other than U+0020 that people (and copy-paste) put between digit groups. */
export const isExoticSpace = (cp: number): boolean =>
  cp === 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x3000;

/** Dash characters other than U+002D. */
export const isExoticDash = (cp: number): boolean =>
  (cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63 || cp === 0xff0d;

// First code point ("zero") of each block of ten decimal digits that maps onto 0-9.
const DIGIT_ZEROS: readonly number[] = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20,
  0x1040, 0xff10, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6,
];

/** The ASCII digit ('0'..'9') a Unicode decimal digit stands for, or undefined. */
export function asciiDigit(cp: number): string | undefined {
  for (const zero of DIGIT_ZEROS) {
    if (cp >= zero && cp <= zero + 9) return String(cp - zero);
  }
  return undefined;
}
