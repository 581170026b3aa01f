import { describe, expect, it } from 'vitest';
import { StateStore } from '../../bus/state-store.ts';
import { amlMonitor } from '../banking/aml-monitor.ts';
import { createResponder } from '../banking/responder.ts';
import type { AnyAgent, IncomingEvent } from '../decider.ts';
import { customerRequest, day, transaction } from '../testing/banking.ts';
import { testEpoch, workflow } from '../testing/events.ts';
import { putStateChanges, stateFromStore } from './state-entries.ts';

/** A store as a new owner restores it: only from the changelog records, through JSON. */
function restoredFrom(records: { key?: unknown; value: Buffer | null }[]): StateStore {
  const store = new StateStore();
  for (const record of records) store.restore({ key: Buffer.from(String(record.key)), value: record.value });
  return store;
}

/** Folds the events in batches, writing each batch's changes, and returns the changelog. */
function foldInBatches(agent: AnyAgent, batches: readonly (readonly IncomingEvent[])[]) {
  const store = new StateStore();
  const changelog: { key?: unknown; value: Buffer | null }[] = [];
  let state = agent.initialState();
  for (const events of batches) {
    const batch = store.begin();
    const next = events.reduce((soFar, event) => agent.evolve(soFar, event), state);
    putStateChanges(state, next, batch);
    changelog.push(...batch.changelog('state', 0));
    batch.commit();
    state = next;
  }
  return { state, changelog, store };
}

const plain = (state: unknown) => JSON.parse(JSON.stringify(state)) as unknown;

describe('agent state as store entries', () => {
  it('restores the state of a persistent map, entry by entry, from the changelog alone', () => {
    const event = workflow('wf-aml');
    const deposits = ['acc-1', 'acc-2', 'acc-1', 'acc-3'].map((accountId, n) =>
      event(
        'banking.TransactionPosted',
        transaction({ accountId, direction: 'CREDIT', postedAt: testEpoch + n }),
      ),
    );
    const { state, changelog } = foldInBatches(amlMonitor, [deposits.slice(0, 2), deposits.slice(2)]);
    const restored = stateFromStore(amlMonitor.initialState(), restoredFrom(changelog));
    expect(plain(restored)).toEqual(plain(state));
    // Only the changed entries are written again: acc-1 twice, acc-2 and acc-3 once.
    expect(changelog.map(({ key }) => String(key).split('\u0000').at(-1))).toEqual([
      'acc-1',
      'acc-2',
      'acc-1',
      'acc-3',
    ]);
  });

  it('writes a tombstone for an entry the agent forgot, and scalar fields whole', () => {
    const responder = createResponder();
    const old = workflow('wf-old')('banking.CustomerRequestReceived', customerRequest());
    const later = workflow('wf-new')(
      'banking.CustomerRequestReceived',
      customerRequest({ requestId: 'r2' }),
      {
        occurredAt: testEpoch + 30 * day,
      },
    );
    const { state, changelog } = foldInBatches(responder, [[old], [later]]);
    expect(changelog.some(({ key, value }) => String(key).endsWith('wf-old') && value === null)).toBe(true);
    const restored = stateFromStore(responder.initialState(), restoredFrom(changelog));
    expect(plain(restored)).toEqual(plain(state));
    expect((restored as { sweptAt: number }).sweptAt).toBe((state as { sweptAt: number }).sweptAt);
  });

  it('writes nothing for a batch that left the state as it was', () => {
    const store = new StateStore();
    const batch = store.begin();
    const state = amlMonitor.initialState();
    putStateChanges(state, state, batch);
    expect(batch.changelog('state', 0)).toEqual([]);
  });
});
