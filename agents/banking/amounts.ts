// Money as integers of minor units, formatted without locale data so text is identical everywhere.

export function formatMinor(amountMinor: number, currency: string | null | undefined): string {
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = Math.abs(amountMinor);
  const whole = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (absolute % 100).toString().padStart(2, '0');
  return `${sign}${whole}.${cents}${currency ? ` ${currency}` : ''}`;
}

const symbols: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', '£': 'GBP', '₹': 'INR' };

// An amount counts only with a currency marker, a thousands separator or a k suffix, so years
// and durations ("in 2030", "3 years") are not mistaken for money.
const amountPattern =
  /([€$£₹])?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(k\b)?\s?(EUR|USD|GBP|INR|CHF)?\b/gi;

export interface MentionedAmount {
  readonly amountMinor: number;
  readonly currency: string | null;
}

/** The largest amount, in minor units, a record's long carries from a JavaScript number (avsc's bound). */
export const maxAmountMinor = 9_007_199_254_740_990;

/**
 * The largest amount of money a text mentions, or null. An amount past maxAmountMinor (more than
 * any account holds, e.g. a customer typing 400 nines) counts as maxAmountMinor: still the largest
 * stake, and still an amount the advice that names it can carry.
 */
export function largestAmountIn(text: string): MentionedAmount | null {
  let largest: MentionedAmount | null = null;
  for (const [, symbol, whole = '', cents = '', thousands, code] of text.matchAll(amountPattern)) {
    if (!symbol && !code && !thousands && !whole.includes(',')) continue;
    const units = Number(whole.replaceAll(',', '')) * (thousands ? 1000 : 1);
    const amountMinor = Math.min(units * 100 + Number(cents.padEnd(2, '0')), maxAmountMinor);
    const currency = code?.toUpperCase() ?? (symbol ? (symbols[symbol] ?? null) : null);
    if (!largest || amountMinor > largest.amountMinor) largest = { amountMinor, currency };
  }
  return largest;
}
