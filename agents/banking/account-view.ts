// An account as the analyst sees it: the net of observed movements (not the ledger balance)
// and debits by channel, in the currency of the first transaction it saw.
import type { TransactionPosted } from '../../schemas/generated/types.ts';
import { formatMinor } from './amounts.ts';

export interface AccountView {
  readonly currency: string;
  readonly balanceMinor: number;
  readonly transactionCount: number;
  readonly otherCurrencyCount: number;
  readonly spendByChannel: Readonly<Record<string, number>>;
  readonly largestDebitMinor: number;
  readonly lastActivityAt: number;
}

/** The account's view after one more transaction. Other currencies are counted, not summed. */
export function observe(view: AccountView | undefined, txn: TransactionPosted): AccountView {
  const base = view ?? {
    currency: txn.currency,
    balanceMinor: 0,
    transactionCount: 0,
    otherCurrencyCount: 0,
    spendByChannel: {},
    largestDebitMinor: 0,
    lastActivityAt: txn.postedAt,
  };
  const lastActivityAt = Math.max(base.lastActivityAt, txn.postedAt);
  if (txn.currency !== base.currency)
    return { ...base, otherCurrencyCount: base.otherCurrencyCount + 1, lastActivityAt };
  const debit = txn.direction === 'DEBIT';
  return {
    ...base,
    balanceMinor: base.balanceMinor + (debit ? -txn.amountMinor : txn.amountMinor),
    transactionCount: base.transactionCount + 1,
    spendByChannel: debit
      ? { ...base.spendByChannel, [txn.channel]: (base.spendByChannel[txn.channel] ?? 0) + txn.amountMinor }
      : base.spendByChannel,
    largestDebitMinor: debit ? Math.max(base.largestDebitMinor, txn.amountMinor) : base.largestDebitMinor,
    lastActivityAt,
  };
}

export function summarise(view: AccountView): string {
  const spend = Object.entries(view.spendByChannel).map(
    ([channel, amount]) => `${channel.toLowerCase()} ${formatMinor(amount, view.currency)}`,
  );
  const others =
    view.otherCurrencyCount > 0
      ? ` ${view.otherCurrencyCount} transaction(s) in other currencies are not included.`
      : '';
  return `Net of ${view.transactionCount} observed transaction(s): ${formatMinor(view.balanceMinor, view.currency)}. Spending by channel: ${spend.join(', ') || 'none'}.${others}`;
}
