// Exposure limits: money moved or recommended per customer, per agent and per tenant over
// sliding windows (an hour, a day), summed from the amountMinor + currency of the payloads.
// Amounts of different currencies are never summed together: every limit is per currency, and
// a record in a currency with no configured limit is denied rather than let through unmeasured.
// Sums are kept in the same bounded sliding windows as the rate limits (state/rate-window.ts),
// weighted by amount, so a sum can only read too high and a limit is never exceeded. Each sum is
// a rate key (one per scope, holder, currency and window) counted by the one gate that owns its
// partition, through the same repartition hop as the rate limits (orchestrator/gate/stages.ts),
// so a limit holds whatever the number of gates. Unlike a rate, only money that moved is summed:
// the sum's owner charges an amount only when it fits under the limit (one that does not is
// denied), and the deciding gate takes the charge back when another policy denies the record.
// So a huge bogus amount, or a flood of refused ones, cannot use up a customer's or tenant's limit.
import { z } from 'zod';
import { hitsWithin, type RateWindow } from '../state/rate-window.ts';
import { allow, deny } from './results.ts';
import { nameList, ownEntry, policySettings } from './settings.ts';
import type { Policy, PolicyResult, Proposal } from './types.ts';

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
  /** The event types that move or recommend money; the others carry amounts that only describe one. */
  eventTypes: nameList.default(['banking.TransactionPosted', 'advice.RecommendationMade']),
  customer: perCurrency.default({}),
  agent: perCurrency.default({}),
  tenant: perCurrency.default({}),
});
export type ExposureSettings = z.output<typeof exposureSettings>;

export interface Amount {
  readonly amountMinor: number;
  readonly currency: string;
}

/** The amount a payload moves (amountMinor) or recommends (valueAtStakeMinor), or undefined when it names none (or none at stake). */
export function amountOf(payload: Readonly<Record<string, unknown>>): Amount | undefined | 'malformed' {
  const amountMinor = payload.amountMinor ?? payload.valueAtStakeMinor ?? undefined;
  const currency = payload.currency ?? undefined;
  if (amountMinor === undefined && currency === undefined) return undefined;
  // A currency-less amount cannot be summed with any other: advice on a sum whose currency the
  // advisor could not tell ("invest 75,000") is not charged; compliance weighs its value anyway.
  if (Number.isSafeInteger(amountMinor) && (amountMinor as number) >= 0 && currency === undefined)
    return undefined;
  if (!Number.isSafeInteger(amountMinor) || (amountMinor as number) < 0) return 'malformed';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'malformed';
  return { amountMinor: amountMinor as number, currency };
}

/** The key a sum is kept under: one per scope, holder, currency and window. */
export const exposureKey = (
  scope: ExposureScope,
  holder: string,
  currency: string,
  window: ExposureWindow,
): string => `exposure:${scope}:${holder}:${currency}:${window}`;

export const isExposureKey = (key: string): boolean => key.startsWith('exposure:');

/** The limit of an exposure key (scope, currency and window read from it); undefined for another key. */
export function exposureCapOf(
  input: z.input<typeof exposureSettings> = {},
): (key: string) => number | undefined {
  const settings = exposureSettings.parse(input);
  return (key) => {
    if (!isExposureKey(key)) return undefined;
    const parts = key.split(':');
    const scope = parts[1] as ExposureScope;
    if (!exposureScopes.includes(scope)) return undefined;
    const limits = ownEntry(settings[scope], parts.at(-2)!);
    return limits?.[parts.at(-1) as ExposureWindow];
  };
}

/** The window an exposure key is summed over, from its last segment. */
export const exposureWindowMsOf = (key: string): number =>
  key.endsWith(':hour') ? exposureWindows.hour : exposureWindows.day;

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
      const already = sumWithin(exposureKey(scope, holder, amount.currency, name), exposureWindows[name], at);
      if (already + amount.amountMinor > limit)
        return deny(
          `${scope} ${holder} exposure over the last ${name}: ${formatted({ ...amount, amountMinor: already })} ` +
            `already, ${formatted(amount)} more would exceed the limit of ${formatted({ ...amount, amountMinor: limit })}`,
        );
    }
  }
  return allow('within exposure limits');
}

type Charged = Pick<Proposal, 'envelope' | 'origin' | 'payload'>;

/**
 * Who a record's amount is charged to: its customer (the payload's customerId, else its
 * accountId), the agent that proposed it (sg.proposed only: upstream systems are not agents)
 * and the actor's tenant. Empty for a payload that names no amount, or one that did not decode.
 */
export function exposureChargesOf(
  eventTypes: readonly string[],
  { envelope, origin, payload }: Charged,
): ExposureCharge[] | 'malformed' {
  if (payload === null || !eventTypes.includes(envelope.type)) return [];
  const amount = amountOf(payload);
  if (amount === undefined || amount === 'malformed') return amount === undefined ? [] : 'malformed';
  const customer = payload.customerId ?? payload.accountId;
  const charges: ExposureCharge[] = [];
  if (typeof customer === 'string' && customer !== '')
    charges.push({ scope: 'customer', holder: customer, amount });
  if (origin === 'proposed') charges.push({ scope: 'agent', holder: envelope.source, amount });
  const tenant = envelope.actor?.tenantId;
  if (tenant) charges.push({ scope: 'tenant', holder: tenant, amount });
  return charges;
}

/** The sums a record adds to: each key with the amount it weighs, for the windows configured. */
export function exposureWeightsOf(
  input: z.input<typeof exposureSettings> = {},
): (proposal: Charged) => Record<string, number> {
  const settings = exposureSettings.parse(input);
  return (proposal) => {
    const charges = exposureChargesOf(settings.eventTypes, proposal);
    const weights: Record<string, number> = {};
    if (charges === 'malformed') return weights;
    for (const { scope, holder, amount } of charges) {
      const limits = ownEntry(settings[scope], amount.currency);
      for (const name of Object.keys(exposureWindows) as ExposureWindow[])
        if (limits?.[name] !== undefined)
          weights[exposureKey(scope, holder, amount.currency, name)] = amount.amountMinor;
    }
    return weights;
  };
}

export function exposurePolicy(input: z.input<typeof exposureSettings> = {}): Policy {
  const settings = exposureSettings.parse(input);
  return {
    id: 'exposure',
    evaluate(proposal, view) {
      const charges = exposureChargesOf(settings.eventTypes, proposal);
      if (charges === 'malformed')
        return deny(
          'the amount is not a whole, non-negative number of minor units with an ISO 4217 currency',
        );
      return judgeExposure(
        settings,
        charges,
        (key, windowMs, at) => view.rateCount(key, windowMs, at),
        proposal.now,
      );
    },
  };
}
