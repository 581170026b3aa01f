import { describe, expect, it } from 'vitest';
import type { OutgoingRecord } from './port.ts';
import { groupPrefix, StateStore } from './state-store.ts';

/** A new store restored from changelog records, as a new owner of the partition would be. */
function restoredFrom(records: readonly OutgoingRecord[]): StateStore {
  const restored = new StateStore();
  for (const { key, value } of records) restored.restore({ key: Buffer.from(String(key)), value });
  return restored;
}

describe('state store groups', () => {
  const key = `${groupPrefix}delivered/1000/a`;

  it('finds a member of a group joined in this batch, then after commit, then after a restore', () => {
    const store = new StateStore();
    const batch = store.begin();
    batch.join(key, 'a', { at: 1000 });
    batch.join(key, 'b', { at: 1000 });
    expect(batch.group('b')).toEqual({ at: 1000, members: ['a', 'b'] });
    expect(store.groupKey('b')).toBeUndefined();

    const records = batch.changelog('t', 0);
    expect(records).toHaveLength(1);
    batch.commit();
    expect(store.begin().group('a')).toEqual({ at: 1000, members: ['a', 'b'] });

    const restored = restoredFrom(records);
    expect(restored.begin().group('b')).toEqual({ at: 1000, members: ['a', 'b'] });
  });

  it('forgets the members of a group tombstoned in a batch, and after it commits', () => {
    const store = new StateStore();
    const first = store.begin();
    first.join(key, 'a', { at: 1000 });
    first.commit();

    const expiring = store.begin();
    expiring.delete(key);
    expect(expiring.group('a')).toBeUndefined();
    expect(store.begin().group('a')).toBeDefined();
    expiring.commit();
    expect(store.groupKey('a')).toBeUndefined();
  });

  it('leaves an aborted batch without trace', () => {
    const store = new StateStore();
    store.begin().join(key, 'a', { at: 1000 });
    expect(store.begin().group('a')).toBeUndefined();
  });

  it('does not read members from keys outside the group prefix', () => {
    const store = new StateStore();
    const batch = store.begin();
    batch.put('s\u0000field', { members: ['x'] });
    batch.commit();
    expect(store.groupKey('x')).toBeUndefined();
  });
});
