// Deterministic fraud rules over one transaction and the account's recent history. Each rule
// adds weight and says why in words; the words are the explanation the gate requires.
import type { RiskLevel, TransactionPosted } from '../../schemas/generated/types.ts';
import { formatMinor } from './amounts.ts';
import type { FraudConfig } from './config.ts';

export interface CardHistory {
  /** Times of recent debits, within the velocity window. */
  readonly recentDebitsAt: readonly number[];
  /** Countries where the account has transacted, most recent last. */
  readonly countries: readonly string[];
}

export interface RiskAssessment {
  readonly score: number;
  readonly level: RiskLevel;
  readonly reasons: readonly string[];
}

const rememberedCountries = 20;

export function remember(
  history: CardHistory | undefined,
  txn: TransactionPosted,
  config: FraudConfig,
): CardHistory {
  const since = txn.postedAt - config.velocityWindowMs;
  const recent = (history?.recentDebitsAt ?? []).filter((at) => at > since);
  const countries = (history?.countries ?? []).filter((country) => country !== txn.country);
  return {
    recentDebitsAt: txn.direction === 'DEBIT' ? [...recent, txn.postedAt] : recent,
    countries: txn.country
      ? [...countries, txn.country].slice(-rememberedCountries)
      : (history?.countries ?? []),
  };
}

export function assess(
  history: CardHistory | undefined,
  txn: TransactionPosted,
  config: FraudConfig,
): RiskAssessment {
  if (txn.direction === 'CREDIT')
    return { score: 0, level: 'LOW', reasons: ['credits are not scored by the fraud rules'] };
  const amount = formatMinor(txn.amountMinor, txn.currency);
  const rules: [weight: number, fires: boolean, reason: string][] = [
    [
      0.45,
      txn.amountMinor >= config.veryHighAmountMinor,
      `amount ${amount} is at or above the very high threshold`,
    ],
    [
      0.25,
      txn.amountMinor >= config.highAmountMinor && txn.amountMinor < config.veryHighAmountMinor,
      `amount ${amount} is at or above the high threshold`,
    ],
    [
      0.4,
      Boolean(txn.country && config.highRiskCountries.includes(txn.country)),
      `country ${txn.country} is on the high-risk list`,
    ],
    [
      0.2,
      txn.channel === 'CARD' &&
        Boolean(txn.country) &&
        (history?.countries.length ?? 0) > 0 &&
        !history?.countries.includes(txn.country ?? ''),
      `first card use in ${txn.country} for this account`,
    ],
    [
      0.3,
      remember(history, txn, config).recentDebitsAt.length > config.velocityMaxCount,
      `more than ${config.velocityMaxCount} debits within ${config.velocityWindowMs / 60_000} minutes`,
    ],
  ];
  const fired = rules.filter(([, fires]) => fires);
  const score = Math.min(1, Math.round(fired.reduce((sum, [weight]) => sum + weight, 0) * 100) / 100);
  const reasons = fired.length > 0 ? fired.map(([, , reason]) => reason) : ['no fraud rule fired'];
  return { score, level: score >= 0.6 ? 'HIGH' : score >= 0.3 ? 'MEDIUM' : 'LOW', reasons };
}
