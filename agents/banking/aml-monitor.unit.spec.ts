import { describe, expect, it } from 'vitest';
import { day, hour, transaction } from '../testing/banking.ts';
import { testEpoch, workflow } from '../testing/events.ts';
import { given, ofType } from '../testing/spec.ts';
import { createAmlMonitor } from './aml-monitor.ts';

const aml = createAmlMonitor(); // reporting threshold 10,000.00; 3 deposits in [8,000, 10,000) within 7 days

const event = workflow('aml');
const cashDeposit = (amountMinor: number, at: number, accountId = 'acc-1') =>
  event(
    'banking.TransactionPosted',
    transaction({ accountId, amountMinor, channel: 'CASH', direction: 'CREDIT', postedAt: at }),
  );

describe('aml-monitor', () => {
  it('given two cash deposits just under the threshold, when a third arrives within the window, then it raises a structuring alert', async () => {
    const history = [cashDeposit(9_800_00, testEpoch), cashDeposit(9_500_00, testEpoch + 1 * day)];
    const third = cashDeposit(9_900_00, testEpoch + 2 * day);

    const outputs = await given(aml, history).when(third);

    const [alert] = ofType(outputs, 'aml.AlertRaised');
    expect(outputs).toHaveLength(1);
    expect(alert?.classification).toBe('PII');
    expect(alert?.payload).toMatchObject({
      accountId: 'acc-1',
      pattern: 'STRUCTURING',
      totalMinor: 29_200_00,
      currency: 'EUR',
      windowStartAt: testEpoch,
      windowEndAt: testEpoch + 2 * day,
      alertId: `${third.id}:STRUCTURING`,
    });
    expect(alert?.payload.transactionIds).toHaveLength(3);
    expect(alert?.payload.description).toMatch(
      /3 cash deposits just under the 10,000.00 reporting threshold within 7 day/,
    );
  });

  it('given benign deposits (small, above the threshold, or spread beyond the window), then no alert', async () => {
    const history = [
      cashDeposit(2_000_00, testEpoch),
      cashDeposit(12_000_00, testEpoch + hour), // reported anyway: not structuring
      cashDeposit(9_500_00, testEpoch + 2 * hour),
      cashDeposit(9_600_00, testEpoch + 3 * hour),
    ];
    const eightDaysLater = cashDeposit(9_700_00, testEpoch + 8 * day);

    expect(await given(aml, history).when(eightDaysLater)).toEqual([]);
    expect(await given(aml, history.slice(0, 3)).when(history[3]!)).toEqual([]);
  });

  it('given near-threshold deposits on different accounts, then each account is judged on its own', async () => {
    const history = [
      cashDeposit(9_800_00, testEpoch, 'acc-1'),
      cashDeposit(9_800_00, testEpoch + hour, 'acc-2'),
    ];
    expect(await given(aml, history).when(cashDeposit(9_800_00, testEpoch + 2 * hour, 'acc-3'))).toEqual([]);
  });

  it('given an alert already raised, when a fourth deposit follows in the same window, then it does not repeat', async () => {
    const history = [0, 1, 2].map((n) => cashDeposit(9_800_00, testEpoch + n * hour));
    expect(await given(aml, history).when(cashDeposit(9_800_00, testEpoch + 3 * hour))).toEqual([]);
  });

  it('given nine movements in a day, when a tenth arrives, then it raises a velocity alert', async () => {
    const history = Array.from({ length: 9 }, (_, n) =>
      event('banking.TransactionPosted', transaction({ postedAt: testEpoch + n * hour })),
    );
    const outputs = await given(aml, history).when(
      event('banking.TransactionPosted', transaction({ postedAt: testEpoch + 9 * hour })),
    );
    expect(ofType(outputs, 'aml.AlertRaised').map((alert) => alert.payload.pattern)).toEqual(['VELOCITY']);
  });

  it('given a failure, then the fallback raises an UNEVALUATED alert, the same every time', () => {
    const deposit = cashDeposit(9_900_00, testEpoch);
    const failure = { kind: 'error' as const, message: 'boom' };
    const first = given(aml).whenFailing(deposit, failure);

    expect(first).toEqual(given(aml).whenFailing(deposit, failure));
    expect(ofType(first, 'aml.AlertRaised')[0]?.payload).toMatchObject({
      pattern: 'UNEVALUATED',
      transactionIds: [deposit.payload.transactionId],
    });
    expect(first[0]?.confidence?.rationale).toMatch(/not evaluated .*error: boom/);
  });
});
