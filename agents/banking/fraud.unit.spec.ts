import { describe, expect, it } from 'vitest';
import { transaction } from '../testing/banking.ts';
import { testEpoch, workflow } from '../testing/events.ts';
import { given, ofType } from '../testing/spec.ts';
import { createFraudAgent } from './fraud.ts';

const fraud = createFraudAgent(); // high 5,000.00, very high 20,000.00, more than 5 debits in 10 minutes
const event = workflow('fraud');
const posted = (overrides: Parameters<typeof transaction>[0]) =>
  event('banking.TransactionPosted', transaction(overrides));
const scoreOf = async (history: ReturnType<typeof posted>[], next: ReturnType<typeof posted>) =>
  ofType(await given(fraud, history).when(next), 'fraud.RiskScored')[0]?.payload;

describe('fraud', () => {
  it('given an ordinary card payment in the home country, then the risk is LOW with the reason', async () => {
    const score = await scoreOf([posted({ country: 'DE' })], posted({ amountMinor: 42_00, country: 'DE' }));
    expect(score).toMatchObject({
      level: 'LOW',
      score: 0,
      reasons: ['no fraud rule fired'],
      rulesVersion: 'fraud-rules-1',
    });
  });

  it('given a very large card payment in a high-risk country never seen before, then the risk is HIGH and every reason is named', async () => {
    const score = await scoreOf(
      [posted({ country: 'DE' })],
      posted({ amountMinor: 25_000_00, country: 'IR' }),
    );
    expect(score?.level).toBe('HIGH');
    expect(score?.score).toBe(1);
    expect(score?.reasons).toEqual([
      'amount 25,000.00 EUR is at or above the very high threshold',
      'country IR is on the high-risk list',
      'first card use in IR for this account',
    ]);
  });

  it('given five debits in ten minutes, when a sixth arrives, then velocity raises the score to MEDIUM', async () => {
    const burst = Array.from({ length: 5 }, (_, n) => posted({ postedAt: testEpoch + n * 60_000 }));
    const score = await scoreOf(burst, posted({ postedAt: testEpoch + 5 * 60_000 }));
    expect(score).toMatchObject({ level: 'MEDIUM', score: 0.3 });
    expect(score?.reasons?.[0]).toMatch(/more than 5 debits within 10 minutes/);
  });

  it('given the same debits spread over hours, then velocity does not fire', async () => {
    const spread = Array.from({ length: 5 }, (_, n) => posted({ postedAt: testEpoch + n * 3_600_000 }));
    expect((await scoreOf(spread, posted({ postedAt: testEpoch + 5 * 3_600_000 })))?.level).toBe('LOW');
  });

  it('given a credit, then it is not scored as card fraud, and says so', async () => {
    const score = await scoreOf([], posted({ direction: 'CREDIT', amountMinor: 50_000_00 }));
    expect(score).toMatchObject({ level: 'LOW', reasons: ['credits are not scored by the fraud rules'] });
  });

  it('given a failure, then the fallback marks the transaction UNSCORED (never LOW), deterministically', () => {
    const txn = posted({ amountMinor: 9_99 });
    const failure = { kind: 'circuit-open' as const, message: 'breaker open' };
    const outputs = given(fraud).whenFailing(txn, failure);

    expect(outputs).toEqual(given(fraud).whenFailing(txn, failure));
    expect(ofType(outputs, 'fraud.RiskScored')[0]?.payload).toMatchObject({ level: 'UNSCORED', score: null });
    expect(outputs[0]?.confidence).toMatchObject({ outcome: 'COULD_NOT', score: 0 });
  });
});
