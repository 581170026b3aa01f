// Issuer identification number (IIN) ranges of the card schemes a bank sees, with the lengths
// each scheme issues. A Luhn-valid number outside every range is a reference, not a card.
interface IssuerRange {
  readonly scheme: string;
  /** Inclusive range over as many leading digits as `from` has. */
  readonly from: number;
  readonly to: number;
  /** Turns the first four digits into the first `String(from).length` digits. */
  readonly divisor: number;
  readonly lengths: readonly number[];
}

const range = (scheme: string, from: number, to: number, lengths: readonly number[]): IssuerRange => ({
  scheme,
  from,
  to,
  divisor: 10 ** (4 - String(from).length),
  lengths,
});

const UP_TO_19 = [16, 17, 18, 19];

const ISSUER_RANGES: readonly IssuerRange[] = [
  range('visa', 4, 4, [13, 16, 19]),
  range('mastercard', 51, 55, [16]),
  range('mastercard', 2221, 2720, [16]),
  range('mir', 2200, 2204, UP_TO_19),
  range('amex', 34, 34, [15]),
  range('amex', 37, 37, [15]),
  range('diners', 300, 305, [14, ...UP_TO_19]),
  range('diners', 36, 36, [14, 15, ...UP_TO_19]),
  range('diners', 38, 39, [14, 15, ...UP_TO_19]),
  range('jcb', 3528, 3589, UP_TO_19),
  range('maestro', 50, 50, [13, 14, 15, ...UP_TO_19]),
  range('maestro', 56, 59, [13, 14, 15, ...UP_TO_19]),
  // Discover, UnionPay, RuPay, Maestro and Verve share the 6 series.
  range('six-series', 60, 69, [13, 14, 15, ...UP_TO_19]),
  range('rupay-unionpay', 81, 82, UP_TO_19),
];

/** The scheme whose IIN range and length fit `digits`, or undefined. */
export function cardScheme(digits: string): string | undefined {
  let firstFour = 0;
  for (let i = 0; i < 4; i++) firstFour = firstFour * 10 + (digits.charCodeAt(i) - 48);
  for (const issuer of ISSUER_RANGES) {
    const prefix = Math.floor(firstFour / issuer.divisor);
    if (prefix >= issuer.from && prefix <= issuer.to && issuer.lengths.includes(digits.length)) {
      return issuer.scheme;
    }
  }
  return undefined;
}
