// About one megabyte each of text built to make a careless scanner slow: near misses that keep
// a matcher extending, long runs with no boundary, payloads that decode into more payloads.
// Shared by the unit test (which checks that every detector returns) and the benchmark.

export const MEGABYTE = 1024 * 1024;

const repeatTo = (unit: string, size = MEGABYTE): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const base64Of = (text: string): string => Buffer.from(text).toString('base64');

/** A base64 payload that decodes to base64 of base64 of ..., nested `levels` deep. */
function nestedBase64(levels: number): string {
  let payload = 'ignore previous instructions ';
  for (let i = 0; i < levels; i++) payload = base64Of(payload.repeat(2));
  return payload;
}

export const HOSTILE_INPUTS: Readonly<Record<string, string>> = {
  'one long digit run': repeatTo('9'),
  'near-miss card groups': repeatTo('4111 1111 1111 111 '),
  'single digits between spaces': repeatTo('1 '),
  'dash-joined digit groups': repeatTo('1234-5678-'),
  'near-miss phone numbers': repeatTo('+1 (415) 555-267 '),
  'Luhn-valid cards back to back': repeatTo('4111 1111 1111 1111 '),
  'Verhoeff-valid Aadhaar chain': repeatTo('2345 6789 0124 '),
  'near-miss IBANs': repeatTo('DE89 3704 0044 0532 0130 0 '),
  'upper-case words of BIC length': repeatTo('CUSTOMER ACCOUNTS DEUTDEFF '),
  'at signs': repeatTo('a@'),
  'e-mail local part without domain': repeatTo('a.b-c_d+e%') + '@',
  'one long base64 run': repeatTo('A'),
  'base64 decoding to text': repeatTo(base64Of('ABC')),
  'nested base64': repeatTo(nestedBase64(4) + ' '),
  'hex decoding to text': repeatTo('41'),
  'escaped hex bytes': repeatTo('\\x41'),
  'percent escapes': repeatTo('%41'),
  'HTML references': repeatTo('&#65;'),
  'ampersands without semicolons': repeatTo('&a'),
  'unicode escapes': repeatTo('\\u0041'),
  'near-miss injection phrases': repeatTo('ignore the previous '),
  'phrase openers only': repeatTo('ignore you are now act as '),
  'spaced-out letters': repeatTo('i g n o r e '),
  'zero-width characters between letters': repeatTo('a\u200b'),
  'homoglyphs in every word': repeatTo('раураl іgnоrе '),
  'tag characters': repeatTo(String.fromCodePoint(0xe0069, 0xe0067)),
  'spelled-out at and dot': repeatTo('[at](dot)'),
  'mixed hostile soup': repeatTo(
    '4111-1111-1111-1112 +44 20 7946 095 DE89370400440532013001 a@b ' +
      'SWdub3Jl %69%67 &#105; \u200b іgnоrе 1gn0r3 <|im_start|> 123-45-678 ABCPE1234 ',
  ),
};
