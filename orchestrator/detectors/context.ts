// The words just before a number say what it is: "Aadhaar 2345 6789 0124" is an identity number,
// "UTR 2345 6789 0124" is a payment reference. Finders whose checksum is weak (or absent) use
// this to decide; the look-behind is a fixed number of characters, so the cost per number is constant.

const LOOK_BEHIND = 40;
const NON_ASCII = /[\u0080-\uffff]/;

const isLetterCode = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

/** The lower-cased, accent-free text in the `LOOK_BEHIND` characters before `start`. */
export function textBefore(text: string, start: number): string {
  const window = text.slice(Math.max(0, start - LOOK_BEHIND), start).toLowerCase();
  return NON_ASCII.test(window) ? window.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : window;
}

/** Keywords grouped by their first UTF-16 unit, so a window is read once rather than once per keyword. */
export type Keywords = ReadonlyMap<number, readonly string[]>;

export function keywords(words: readonly string[]): Keywords {
  const byFirst = new Map<number, string[]>();
  for (const word of words)
    byFirst.set(word.charCodeAt(0), [...(byFirst.get(word.charCodeAt(0)) ?? []), word]);
  return byFirst;
}

const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;

/** Whether a keyword occurs in `window` as whole words ("ref" in "ref: 123", not in "preferred"). */
export function mentionsAny(window: string, list: Keywords): boolean {
  for (let at = 0; at < window.length; at++) {
    const code = window.charCodeAt(at);
    if (code === 32 || isDigitCode(code) || (at > 0 && isLetterCode(window.charCodeAt(at - 1)))) continue;
    for (const keyword of list.get(code) ?? []) {
      const end = at + keyword.length;
      if (window.startsWith(keyword, at) && (end >= window.length || !isLetterCode(window.charCodeAt(end))))
        return true;
    }
  }
  return false;
}

/** Words that announce a payment, document or account reference rather than personal data. */
// prettier-ignore
export const REFERENCE_WORDS: Keywords = keywords([
  'ref', 'refno', 'reference', 'txn', 'txnid', 'transaction', 'trx', 'utr', 'rrn', 'invoice', 'inv', 'order',
  'account', 'acct', 'a/c', 'acc', 'iban',
  'batch', 'tracking', 'awb', 'id', 'cheque', 'check no', 'policy', 'loan', 'folio', 'claim', 'ticket',
  'case', 'mandate', 'settlement', 'auth code', 'approval code', 'amount', 'amt', 'balance', 'total',
  'rs', 'inr', 'usd', 'eur', 'gbp', 'referencia', 'factura', 'rechnung', 'fattura', 'fatura', 'pedido',
  'numero de cuenta', 'konto',
]);
