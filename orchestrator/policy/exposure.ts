// Exposure limits: money moved or recommended per customer, per agent and per tenant over
// sliding windows (an hour, a day), summed from the amountMinor + currency of the payloads.
// Amounts of different currencies are never summed together: every limit is per currency, and
// a record in a currency with no configured limit is denied rather than let through unmeasured.
// Sums are kept in the same bounded sliding windows as the rate limits (state/rate-window.ts),
// weighted by amount, so a sum can only read too high and a limit is never exceeded.
import { z } from 'zod';
import { hitsWithin, type RateWindow } from '../state/rate-window.ts';
import { allow, deny } from './results.ts';
import { ownEntry, policySettings } from './settings.ts';
import type { PolicyResult } from './types.ts';

export const exposureScopes = ['customer', 'agent', 'tenant'] as const;
export type ExposureScope = (typeof exposureScopes)[number];

const hourMs = 60 * 60 * 1000;
export const exposureWindows = { hour: hourMs, day: 24 * hourMs } as const;
export type ExposureWindow = keyof typeof exposureWindows;

const minor = z.int().positive();
/** Per currency (ISO 4217 code): the most, in minor units, within each window. */
const perCurrency = z.record(
  z.string().regex(/^[A-Z]{3}$/, 'a currency is its ISO 4217 code'),
  z.strictObject({ hour: minor.optional(), day: minor.optional() }),
);

export const exposureSettings = policySettings({
  customer: perCurrency.default({}),
  agent: perCurrency.default({}),
  tenant: perCurrency.default({}),
});
export type ExposureSettings = z.output<typeof exposureSettings>;

export interface Amount {
  readonly amountMinor: number;
  readonly currency: string;
}

/** The amount a payload moves or recommends, or undefined when it names none. */
export function amountOf(payload: Readonly<Record<string, unknown>>): Amount | undefined | 'malformed' {
  const { amountMinor, currency } = payload;
  if (amountMinor === undefined && currency === undefined) return undefined;
  if (!Number.isSafeInteger(amountMinor) || (amountMinor as number) < 0) return 'malformed';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'malformed';
  return { amountMinor: amountMinor as number, currency };
}

/** The key a sum is kept under: one per scope, holder and currency. */
export const exposureKey = (scope: ExposureScope, holder: string, currency: string): string =>
  `exposure:${scope}:${holder}:${currency}`;

export interface ExposureCharge {
  readonly scope: ExposureScope;
  readonly holder: string;
  readonly amount: Amount;
}

/** Reads the sum already charged to a key within a window ending at `at`. */
export type SumWithin = (key: string, windowMs: number, at: number) => number;

export const sumReader =
  (windows: (key: string) => RateWindow | undefined): SumWithin =>
  (key, windowMs, at) => {
    const window = windows(key);
    return window === undefined ? 0 : hitsWithin(window, windowMs, at);
  };

const formatted = ({ amountMinor, currency }: Amount): string => `${amountMinor} ${currency} (minor units)`;

/** The first limit these charges would break, as a denial naming window, limit and amount. */
export function judgeExposure(
  settings: ExposureSettings,
  charges: readonly ExposureCharge[],
  sumWithin: SumWithin,
  at: number,
): PolicyResult {
  for (const { scope, holder, amount } of charges) {
    // A scope with no currency configured is not limited at all.
    if (Object.keys(settings[scope]).length === 0) continue;
    const limits = ownEntry(settings[scope], amount.currency);
    if (limits === undefined)
      return deny(
        `no ${scope} exposure limit is configured for ${amount.currency}; amounts are not converted`,
      );
    for (const name of Object.keys(exposureWindows) as ExposureWindow[]) {
      const limit = limits[name];
      if (limit === undefined) continue;
      const already = sumWithin(exposureKey(scope, holder, amount.currency), exposureWindows[name], at);
      if (already + amount.amountMinor > limit)
        return deny(
          `${scope} ${holder} exposure over the last ${name}: ${formatted({ ...amount, amountMinor: already })} ` +
            `already, ${formatted(amount)} more would exceed the limit of ${formatted({ ...amount, amountMinor: limit })}`,
        );
    }
  }
  return allow('within exposure limits');
}
