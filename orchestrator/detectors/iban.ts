// IBAN validation (ISO 13616): the country's registered length, then the mod-97 check
// (ISO 7064 MOD 97-10), which rejects all but about one random string in a hundred.

/** IBAN length per country, from the SWIFT IBAN registry. */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/** Countries whose BBAN is digits only (SWIFT IBAN registry): a letter there is not an IBAN. */
// prettier-ignore
const NUMERIC_BBAN = new Set([
  'AE', 'AT', 'BA', 'BE', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FO', 'GL', 'HR', 'HU', 'IL', 'LT',
  'ME', 'NO', 'PL', 'PT', 'RS', 'SE', 'SI', 'SK', 'TL', 'TN', 'XK',
]);

/** Remainder of the IBAN read as a number after moving the first four characters to the end. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else return -1;
  }
  return remainder;
}

/** `compact` is upper case with no spaces, e.g. "DE89370400440532013000". */
export function isValidIban(compact: string): boolean {
  const expectedLength = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expectedLength === undefined || compact.length !== expectedLength) return false;
  const checkDigits = Number(compact.slice(2, 4));
  if (!/^\d\d$/.test(compact.slice(2, 4)) || checkDigits < 2 || checkDigits > 98) return false;
  if (NUMERIC_BBAN.has(compact.slice(0, 2)) && !/^\d+$/.test(compact.slice(4))) return false;
  return mod97(compact) === 1;
}
