import { describe, expect, it } from 'vitest';
import { customerRequest, transaction } from '../testing/banking.ts';
import { workflow } from '../testing/events.ts';
import { given, ofType } from '../testing/spec.ts';
import { analyst } from './analyst.ts';

const event = workflow('analyst');
const history = [
  event(
    'banking.TransactionPosted',
    transaction({ direction: 'CREDIT', channel: 'TRANSFER', amountMinor: 3_000_00 }),
  ),
  event('banking.TransactionPosted', transaction({ channel: 'CARD', amountMinor: 120_50 })),
  event('banking.TransactionPosted', transaction({ channel: 'CASH', amountMinor: 200_00 })),
  event('banking.TransactionPosted', transaction({ currency: 'USD', amountMinor: 99_00 })),
];

describe('analyst', () => {
  it('given observed transactions, when the customer asks, then it analyses the account: balance and spend by channel', async () => {
    const outputs = await given(analyst, history).when(
      event('banking.CustomerRequestReceived', customerRequest()),
    );

    const [analysis] = ofType(outputs, 'analysis.AccountAnalysed');
    expect(analysis?.payload).toMatchObject({
      accountId: 'acc-1',
      requestId: 'req-1',
      currency: 'EUR',
      balanceMinor: 3_000_00 - 120_50 - 200_00,
      transactionCount: 3,
      otherCurrencyCount: 1,
      spendByChannel: { CARD: 120_50, CASH: 200_00 },
      largestDebitMinor: 200_00,
    });
    expect(analysis?.payload.summary).toMatch(
      /Net of 3 observed transaction\(s\): 2,679.50 EUR.*1 transaction\(s\) in other currencies/,
    );
    expect(analysis?.confidence?.outcome).toBe('CONFIDENT');
  });

  it('given a transaction, then the analysis includes it', async () => {
    const outputs = await given(analyst, history).when(
      event('banking.TransactionPosted', transaction({ amountMinor: 79_50 })),
    );
    expect(ofType(outputs, 'analysis.AccountAnalysed')[0]?.payload).toMatchObject({
      balanceMinor: 2_600_00,
      transactionCount: 4,
    });
  });

  it('given an account it never saw, then it says so instead of reporting a zero balance', async () => {
    const outputs = await given(analyst).when(
      event('banking.CustomerRequestReceived', customerRequest({ accountId: 'acc-9' })),
    );
    expect(outputs[0]?.payload).toMatchObject({
      balanceMinor: null,
      transactionCount: 0,
      summary: 'No transactions observed for this account.',
    });
    expect(outputs[0]?.confidence?.outcome).toBe('UNSURE');
  });

  it('given a request without an account, then there is nothing to analyse', async () => {
    expect(
      await given(analyst, history).when(
        event('banking.CustomerRequestReceived', customerRequest({ accountId: null })),
      ),
    ).toEqual([]);
  });

  it('given a failure on a transaction, then the fallback reports the view without it and says so', () => {
    const latest = event('banking.TransactionPosted', transaction({ amountMinor: 79_50 }));
    const outputs = given(analyst, history).whenFailing(latest, { kind: 'timeout', message: 'slow' });

    expect(outputs).toEqual(
      given(analyst, history).whenFailing(latest, { kind: 'timeout', message: 'slow' }),
    );
    expect(outputs[0]?.payload).toMatchObject({ transactionCount: 3 });
    expect(ofType(outputs, 'analysis.AccountAnalysed')[0]?.payload.summary).toMatch(
      /degraded \(timeout\): the latest event is not included/,
    );
    expect(outputs[0]?.confidence?.outcome).toBe('UNSURE');
  });
});
