import { describe, expect, it } from 'vitest';
import { analyst } from './banking/analyst.ts';
import { consumesType, foldState, UnexpectedEventError, type IncomingEvent } from './decider.ts';
import { transaction } from './testing/banking.ts';
import { workflow } from './testing/events.ts';

const event = workflow('wf-decider');

describe('decider contract', () => {
  it('rebuilds state by folding the inbox, the same as evolving event by event', () => {
    const history = [
      event('banking.TransactionPosted', transaction({ amountMinor: 100 })),
      event('banking.TransactionPosted', transaction({ amountMinor: 250 })),
    ];
    const stepwise = history.reduce((state, e) => analyst.evolve(state, e), analyst.initialState());
    expect(foldState(analyst, history)).toEqual(stepwise);
    expect(foldState(analyst, history).accounts.get('acc-1')?.balanceMinor).toBe(-350);
  });

  it('tells the runtime which types an agent takes, and a type it does not take fails loudly', () => {
    const deadline = event('workflow.DeadlineReached', { name: 'response', dueAt: 0 });
    expect(consumesType(analyst, 'banking.TransactionPosted')).toBe(true);
    expect(consumesType(analyst, deadline.type)).toBe(false);
    expect(() =>
      analyst.evolve(
        analyst.initialState(),
        deadline as unknown as IncomingEvent<'banking.TransactionPosted'>,
      ),
    ).toThrow(UnexpectedEventError);
  });
});
