import { describe, expect, it } from 'vitest';
import { UntrustedRecordError } from './records.ts';
import { RegistryFold } from './fold.ts';
import type { AgentAnnounced, ControlCommand } from '../schemas/generated/types.ts';

const agent = (name: string, overrides: Partial<AgentAnnounced> = {}): AgentAnnounced => ({
  name,
  version: '1',
  consumes: ['banking.*'],
  emits: [],
  riskClass: 'LOW',
  clearance: 'INTERNAL',
  requiredRoles: [],
  fallback: 'none',
  publicKey: `key of ${name}`,
  announcedAt: 0,
  ...overrides,
});
const command = (kind: ControlCommand['kind'], target: string, issuedAt = 0): ControlCommand => ({
  id: `${kind}-${target}`,
  kind,
  target,
  reason: 'test',
  issuedBy: 'ops',
  issuedAt,
  policyVersion: null,
});

describe('RegistryFold', () => {
  it('keeps the latest registration per agent, and a signed retirement retires it', () => {
    const fold = new RegistryFold();
    fold.apply({ kind: 'registered', registration: agent('fraud') });
    fold.apply({ kind: 'registered', registration: agent('analyst') });
    fold.apply({ kind: 'registered', registration: agent('fraud', { version: '2' }) });
    fold.apply({ kind: 'retired', agent: 'analyst', at: 0 });
    expect(fold.registrations().map((a) => [a.name, a.version])).toEqual([['fraud', '2']]);
  });

  it('ignores a signed record older than the one in force: a replayed old key or resume cannot come back', () => {
    // given fraud registered at t=1 with an old key, rotated at t=2, and fraud killed at t=5
    const fold = new RegistryFold();
    fold.apply({ kind: 'registered', registration: agent('fraud', { publicKey: 'old', announcedAt: 1 }) });
    fold.apply({ kind: 'registered', registration: agent('fraud', { publicKey: 'new', announcedAt: 2 }) });
    fold.apply({ kind: 'commanded', command: command('RESUME', 'fraud', 4) });
    fold.apply({ kind: 'commanded', command: command('KILL', 'fraud', 5) });
    // when someone re-publishes the old registration and the old resume
    fold.apply({ kind: 'registered', registration: agent('fraud', { publicKey: 'old', announcedAt: 1 }) });
    fold.apply({ kind: 'commanded', command: command('RESUME', 'fraud', 4) });
    // then the rotated key and the kill stay in force
    expect(fold.registration('fraud')?.publicKey).toBe('new');
    expect(fold.killSwitchOf('fraud')?.issuedAt).toBe(5);
    // and a retirement older than the registration does not retire it
    fold.apply({ kind: 'retired', agent: 'fraud', at: 1 });
    expect(fold.registration('fraud')?.publicKey).toBe('new');
  });

  it('a request or a rejected record never changes a registration', () => {
    const fold = new RegistryFold();
    fold.apply({ kind: 'registered', registration: agent('fraud') });
    fold.apply({ kind: 'requested', request: agent('fraud', { publicKey: 'new key', clearance: 'SECRET' }) });
    fold.apply({ kind: 'rejected', error: new UntrustedRecordError('forged') });
    expect(fold.registration('fraud')).toMatchObject({ publicKey: 'key of fraud', clearance: 'INTERNAL' });
    expect(fold.request('fraud')).toMatchObject({ publicKey: 'new key' });
    fold.apply({ kind: 'withdrawn', agent: 'fraud' });
    expect(fold.request('fraud')).toBeUndefined();
  });

  it('kills one agent or all; only a resume lifts the switch; drills and rejected records hold nothing', () => {
    const fold = new RegistryFold();
    fold.apply({ kind: 'commanded', command: command('KILL', 'fraud') });
    fold.apply({ kind: 'commanded', command: command('DRILL', 'advisor') });
    const one = [fold.killSwitchOf('fraud')?.target, fold.killSwitchOf('advisor')];
    fold.apply({ kind: 'commanded', command: command('KILL', '*') });
    const all = [fold.allKilled, fold.killSwitchOf('advisor')?.target];
    fold.apply({ kind: 'rejected', error: new UntrustedRecordError('a tombstone on control key *') });
    const afterTombstone = fold.allKilled;
    fold.apply({ kind: 'commanded', command: command('RESUME', '*') });
    fold.apply({ kind: 'commanded', command: command('RESUME', 'fraud') });
    expect(one).toEqual(['fraud', undefined]);
    expect(all).toEqual([true, '*']);
    expect(afterTombstone).toBe(true);
    expect([fold.allKilled, fold.killSwitchOf('fraud')]).toEqual([false, undefined]);
  });
});
