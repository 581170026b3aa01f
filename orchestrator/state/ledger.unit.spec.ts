import { describe, expect, it } from 'vitest';
import { StateStore } from '../../bus/state-store.ts';
import { PartitionLedger, workflowStateMs, type LedgerEntry } from './ledger.ts';

const DAY = 24 * 60 * 60 * 1000;
const entry = (tenant: string | null, decidedAt = 1_000): LedgerEntry => ({
  eventId: `evt-${decidedAt}-${tenant}`,
  correlationId: 'wf-1',
  delivered: tenant !== null,
  denied: tenant === null,
  costMicros: 0,
  decidedAt,
  tenant,
  provenance: null,
});

/** Records each entry in a batch of its own, committed, as the gate's transactions would. */
function storeAfter(...entries: LedgerEntry[]): StateStore {
  const store = new StateStore();
  for (const one of entries) {
    const ledger = new PartitionLedger(store);
    ledger.record(one);
    ledger.batch.commit();
  }
  return store;
}

describe("a workflow's tenant in the partition ledger", () => {
  it('is the first tenant not denied: a denied record claims nothing, a later tenant changes nothing', () => {
    const store = storeAfter(entry(null), entry('retail-eu'), entry('private-ch', 2_000));
    expect(new PartitionLedger(store).tenantOf('wf-1')).toBe('retail-eu');
    expect(new PartitionLedger(store).tenantOf('wf-2')).toBeUndefined();
  });

  it('survives a restore from the changelog', () => {
    const ledger = new PartitionLedger(new StateStore());
    ledger.record(entry('retail-eu'));
    const restored = new StateStore();
    for (const { key, value } of ledger.batch.changelog('sg.gate-state', 0))
      restored.restore({ key: Buffer.from(String(key)), value });
    expect(new PartitionLedger(restored).tenantOf('wf-1')).toBe('retail-eu');
  });

  it("expires like a workflow's spend, counted from its latest record, re-stamped at most daily", () => {
    const store = storeAfter(entry('retail-eu', 0), entry('retail-eu', DAY / 2), entry('retail-eu', 2 * DAY));
    const expiring = new PartitionLedger(store);
    expiring.expireOccasionally(workflowStateMs + DAY);
    expect(expiring.tenantOf('wf-1')).toBe('retail-eu');
    const expired = new PartitionLedger(store);
    store.expiredAt = 0;
    expired.expireOccasionally(workflowStateMs + 2 * DAY);
    expect(expired.tenantOf('wf-1')).toBeUndefined();
  });
});

describe("a workflow's provenance in the partition ledger", () => {
  const labelled = (
    eventId: string,
    provenance: LedgerEntry['provenance'],
    delivered = true,
  ): LedgerEntry => ({
    ...entry('retail-eu'),
    eventId,
    delivered,
    provenance,
  });

  it('keeps the label of each delivered record, and that a model read untrusted text, across a restore', () => {
    const ledger = new PartitionLedger(new StateStore());
    ledger.record(labelled('request', 'untrusted'));
    ledger.record(labelled('advice', 'model'));
    ledger.record(labelled('denied-review', 'checked', false));
    const restored = new StateStore();
    for (const { key, value } of ledger.batch.changelog('sg.gate-state', 0))
      restored.restore({ key: Buffer.from(String(key)), value });
    expect(new PartitionLedger(restored).provenanceOf('wf-1')).toEqual({
      labels: { request: 'untrusted', advice: 'model' },
      modelRead: true,
      at: 1_000,
    });
  });

  it('keeps nothing when provenance is not tracked', () => {
    const store = storeAfter(labelled('request', null));
    expect(new PartitionLedger(store).provenanceOf('wf-1')).toBeUndefined();
  });
});

describe('an exposure sum in the partition ledger', () => {
  const HOUR = 60 * 60 * 1000;
  const key = 'exposure:customer:ACC-1:EUR:hour';

  it('charges an amount only when it fits under the cap: one that does not moved nothing', () => {
    const ledger = new PartitionLedger(new StateStore());
    expect(ledger.countRate(key, HOUR, 1_000, 1_000, { weight: 600, cap: 1_000 })).toBe(0);
    expect(ledger.countRate(key, HOUR, 2_000, 2_000, { weight: 5_000, cap: 1_000 })).toBe(600);
    expect(ledger.countRate(key, HOUR, 3_000, 3_000, { weight: 400, cap: 1_000 })).toBe(600);
    expect(ledger.countRate(key, HOUR, 4_000, 4_000, { weight: 1, cap: 1_000 })).toBe(1_000);
  });

  it('takes a refunded charge back, and nothing from a sum it never charged', () => {
    const ledger = new PartitionLedger(new StateStore());
    ledger.countRate(key, HOUR, 1_000, 1_000, { weight: 600, cap: 1_000 });
    ledger.refundRate(key, HOUR, 1_000, 2_000, 600);
    ledger.refundRate('exposure:customer:ACC-2:EUR:hour', HOUR, 1_000, 2_000, 600);
    expect(ledger.countRate(key, HOUR, 3_000, 3_000, { weight: 1_000, cap: 1_000 })).toBe(0);
    expect(ledger.countRate('exposure:customer:ACC-2:EUR:hour', HOUR, 3_000, 3_000)).toBe(0);
  });

  it('counts a rate, which has no cap, whatever it adds up to', () => {
    const ledger = new PartitionLedger(new StateStore());
    for (let i = 0; i < 3; i++) ledger.countRate('actor:amy', 60_000, 1_000, 1_000);
    expect(ledger.countRate('actor:amy', 60_000, 1_000, 1_000)).toBe(3);
  });
});
