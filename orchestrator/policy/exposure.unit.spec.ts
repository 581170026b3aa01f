import { describe, expect, it } from 'vitest';
import { emptyWindow, withHit, type RateWindow } from '../state/rate-window.ts';
import {
  amountOf,
  exposureKey,
  exposureSettings,
  exposureWindows,
  judgeExposure,
  sumReader,
  exposurePolicy,
  exposureWeightsOf,
  exposureCapOf,
  type ExposureCharge,
  type ExposureScope,
} from './exposure.ts';
import { aProposal, aView } from './test-support.ts';

const hour = exposureWindows.hour;
const settings = exposureSettings.parse({
  customer: { EUR: { hour: 1_000, day: 3_000 }, USD: { day: 500 } },
});

/** Sums kept the way the gate keeps them: one weighted sliding window per key. */
function ledger() {
  const windows = new Map<string, RateWindow>();
  return {
    /** Charges both windows of a scope, holder and currency, as the gate does. */
    charge(prefix: readonly [ExposureScope, string, string], amount: number, at: number) {
      for (const name of ['hour', 'day'] as const) {
        const key = exposureKey(...prefix, name);
        const windowMs = exposureWindows[name];
        windows.set(key, withHit(windows.get(key) ?? emptyWindow(windowMs), windowMs, at, at, amount));
      }
    },
    read: sumReader((key) => windows.get(key)),
  };
}

const c1Eur = ['customer', 'c-1', 'EUR'] as const;

const eur = (amountMinor: number): ExposureCharge => ({
  scope: 'customer',
  holder: 'c-1',
  amount: { amountMinor, currency: 'EUR' },
});

describe('exposure limits', () => {
  it('allows up to the hourly limit and denies past it, naming window, limit and amount', () => {
    const sums = ledger();
    sums.charge(c1Eur, 900, 0);
    expect(judgeExposure(settings, [eur(100)], sums.read, 1).verdict).toBe('ALLOW');
    const denied = judgeExposure(settings, [eur(101)], sums.read, 1);
    expect(denied.verdict).toBe('DENY');
    expect(denied.reason).toContain('last hour');
    expect(denied.reason).toContain('limit of 1000 EUR');
    expect(denied.reason).toContain('101 EUR');
    expect(denied.reason).toContain('900 EUR (minor units) already');
  });

  it('lets the hour slide while the day still holds', () => {
    const sums = ledger();
    sums.charge(c1Eur, 1_000, 0);
    sums.charge(c1Eur, 1_000, 2 * hour);
    sums.charge(c1Eur, 900, 4 * hour);
    expect(judgeExposure(settings, [eur(100)], sums.read, 6 * hour).verdict).toBe('ALLOW');
    const denied = judgeExposure(settings, [eur(101)], sums.read, 6 * hour);
    expect(denied.reason).toContain('last day');
    expect(judgeExposure(settings, [eur(1_000)], sums.read, 30 * hour).verdict).toBe('ALLOW');
  });

  it('keeps currencies apart and refuses a currency with no limit instead of converting it', () => {
    const sums = ledger();
    sums.charge(c1Eur, 1_000, 0);
    const usd: ExposureCharge = {
      scope: 'customer',
      holder: 'c-1',
      amount: { amountMinor: 500, currency: 'USD' },
    };
    expect(judgeExposure(settings, [usd], sums.read, 1).verdict).toBe('ALLOW');
    const gbp: ExposureCharge = {
      scope: 'customer',
      holder: 'c-1',
      amount: { amountMinor: 1, currency: 'GBP' },
    };
    const denied = judgeExposure(settings, [gbp], sums.read, 1);
    expect(denied.verdict).toBe('DENY');
    expect(denied.reason).toContain('no customer exposure limit is configured for GBP');
  });

  it('does not limit a scope with no currency configured', () => {
    const agent: ExposureCharge = {
      scope: 'agent',
      holder: 'a',
      amount: { amountMinor: 10 ** 9, currency: 'EUR' },
    };
    expect(judgeExposure(settings, [agent], ledger().read, 0).verdict).toBe('ALLOW');
  });

  it('reads the amount of a payload, and tells a malformed one from none', () => {
    expect(amountOf({ amountMinor: 12, currency: 'EUR' })).toEqual({ amountMinor: 12, currency: 'EUR' });
    expect(amountOf({ note: 'x' })).toBeUndefined();
    expect(amountOf({ valueAtStakeMinor: 0, currency: null })).toBeUndefined();
    expect(amountOf({ valueAtStakeMinor: 5, currency: null })).toBeUndefined();
    expect(amountOf({ valueAtStakeMinor: -5, currency: null })).toBe('malformed');
    expect(amountOf({ amountMinor: 1.5, currency: 'EUR' })).toBe('malformed');
    expect(amountOf({ amountMinor: -1, currency: 'EUR' })).toBe('malformed');
    expect(amountOf({ amountMinor: 1, currency: 'euro' })).toBe('malformed');
  });

  it('rejects a currency key that is not an ISO code in the YAML section', () => {
    expect(() => exposureSettings.parse({ customer: { euro: { hour: 1 } } })).toThrow(/ISO 4217/);
  });

  it('charges a transfer to its customer (account) and tenant, and an agent for what it proposes', () => {
    const weightsOf = exposureWeightsOf({
      customer: { EUR: { hour: 1, day: 1 } },
      agent: { EUR: { day: 1 } },
      tenant: { EUR: { day: 1 } },
    });
    const ingress = aProposal();
    expect(weightsOf(ingress)).toEqual({
      'exposure:customer:acc-7731:EUR:hour': 12_950,
      'exposure:customer:acc-7731:EUR:day': 12_950,
      'exposure:tenant:retail-eu:EUR:day': 12_950,
    });
    const advice = aProposal({
      origin: 'proposed',
      envelope: { source: 'advisor', type: 'advice.RecommendationMade' },
      payload: { customerId: 'cust-1', valueAtStakeMinor: 500, currency: 'EUR' },
    });
    expect(Object.keys(weightsOf(advice))).toContain('exposure:agent:advisor:EUR:day');
    expect(weightsOf(advice)['exposure:customer:cust-1:EUR:day']).toBe(500);
    // A risk score repeats the transaction's amount; it moves nothing.
    expect(weightsOf(aProposal({ envelope: { type: 'fraud.RiskScored' } }))).toEqual({});
  });

  it('denies from the sums the gate counted, and a malformed amount outright', () => {
    const policy = exposurePolicy({ tenant: { EUR: { day: 20_000 } } });
    const sums = aView({ rateCounts: { 'exposure:tenant:retail-eu:EUR:day': 10_000 } });
    const denied = policy.evaluate(aProposal(), sums, []);
    expect(denied.reason).toMatch(/tenant retail-eu exposure over the last day.*limit of 20000 EUR/);
    expect(policy.evaluate(aProposal(), aView(), []).verdict).toBe('ALLOW');
    const malformed = aProposal({ payload: { amountMinor: -5 } });
    expect(policy.evaluate(malformed, aView(), []).verdict).toBe('DENY');
  });
});

describe("an exposure sum's cap", () => {
  const capOf = exposureCapOf({ customer: { EUR: { hour: 1_000 } }, tenant: { EUR: { day: 9_000 } } });

  it('is the limit its key names, holder colons and all', () => {
    expect(capOf(exposureKey('customer', 'acc:1', 'EUR', 'hour'))).toBe(1_000);
    expect(capOf(exposureKey('tenant', 'retail-eu', 'EUR', 'day'))).toBe(9_000);
  });

  it('is undefined for a rate key, an unconfigured window or currency, or a made-up scope', () => {
    expect(capOf('actor:amy')).toBeUndefined();
    expect(capOf(exposureKey('customer', 'c-1', 'EUR', 'day'))).toBeUndefined();
    expect(capOf(exposureKey('customer', 'c-1', 'USD', 'hour'))).toBeUndefined();
    expect(capOf('exposure:__proto__:c-1:EUR:hour')).toBeUndefined();
  });
});
