import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Codec } from '../schemas/codec.ts';
import type { AgentAnnounced, ControlCommand } from '../schemas/generated/types.ts';
import { signRecord } from '../schemas/signing.ts';
import { controlChange, registryChange, requestKey } from './records.ts';
import { testOperator, untrustedOperator } from './testing.ts';

const codec = Codec.embedded();
const { signer: operator, keys } = testOperator();
const agentKey = generateKeyPairSync('ed25519');
const agentPem = agentKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const fraud: AgentAnnounced = {
  name: 'fraud',
  version: '1.0.0',
  consumes: ['banking.TransactionPosted'],
  emits: ['fraud.RiskScored'],
  riskClass: 'MEDIUM',
  clearance: 'INTERNAL',
  requiredRoles: [],
  fallback: 'manual review',
  publicKey: agentPem,
  announcedAt: 1_700_000_000_000,
};
const kill: ControlCommand = {
  id: 'c-1',
  kind: 'KILL',
  target: 'fraud',
  reason: 'INC-7',
  issuedBy: 'ops-oscar',
  issuedAt: 1_700_000_000_000,
  policyVersion: null,
};
const signedRegistration = (value = fraud, signer = operator) =>
  signRecord(codec, 'swarmgate.v1.AgentAnnounced', value, signer);
const reasonOf = (change: ReturnType<typeof registryChange>) =>
  change.kind === 'rejected' ? change.error.message : `not rejected: ${change.kind}`;

describe('registry records', () => {
  it('a registration signed by a configured operator key takes effect', () => {
    expect(registryChange(codec, keys, 'fraud', signedRegistration())).toEqual({
      kind: 'registered',
      registration: signedRegistration(),
    });
  });

  it('rejects an unsigned registration, one signed by an unknown key, and one changed after signing', () => {
    const raised = { ...signedRegistration(), clearance: 'SECRET' as const };
    expect(reasonOf(registryChange(codec, keys, 'fraud', fraud))).toBe(
      'the registration of fraud is not signed by an operator key',
    );
    expect(
      reasonOf(registryChange(codec, keys, 'fraud', signedRegistration(fraud, untrustedOperator()))),
    ).toMatch(
      /^the registration of fraud is signed by key [0-9a-f]{16}, which is not a configured operator key$/,
    );
    expect(reasonOf(registryChange(codec, keys, 'fraud', raised))).toBe(
      `the signature of the registration of fraud does not verify with operator key ${operator.keyId}`,
    );
  });

  it('an agent signing its own registration is rejected; signed as a request it grants nothing', () => {
    const self = { keyId: 'fraud', privateKey: agentKey.privateKey };
    const ownSigned = signRecord(codec, 'swarmgate.v1.AgentAnnounced', fraud, self);
    expect(reasonOf(registryChange(codec, keys, 'fraud', ownSigned))).toMatch(
      /not a configured operator key/,
    );
    expect(registryChange(codec, keys, requestKey('fraud'), ownSigned).kind).toBe('requested');
  });

  it('a request must be signed with the key it asks for (proof of possession)', () => {
    const other = { keyId: 'fraud', privateKey: generateKeyPairSync('ed25519').privateKey };
    const request = signRecord(codec, 'swarmgate.v1.AgentAnnounced', fraud, other);
    expect(reasonOf(registryChange(codec, keys, requestKey('fraud'), request))).toBe(
      'request of fraud is not signed with the key it asks to register',
    );
  });

  it('rejects a registration keyed under another agent name (e.g. the case desk)', () => {
    expect(reasonOf(registryChange(codec, keys, 'case-desk', signedRegistration()))).toBe(
      'registration keyed case-desk registers agent fraud',
    );
  });

  it('an operator-signed registration marked retired retires the agent; unsigned, it is rejected', () => {
    const retirement = { ...fraud, retired: true };
    expect(registryChange(codec, keys, 'fraud', signedRegistration(retirement))).toEqual({
      kind: 'retired',
      agent: 'fraud',
      at: retirement.announcedAt,
    });
    expect(reasonOf(registryChange(codec, keys, 'fraud', retirement))).toBe(
      'the registration of fraud is not signed by an operator key',
    );
  });

  it('a tombstone under a registration key retires nothing; under a request key it withdraws the request', () => {
    expect(reasonOf(registryChange(codec, keys, 'fraud', null))).toBe(
      'a tombstone on registration key fraud carries no signature: retire with `swarmgate agents retire`',
    );
    expect(registryChange(codec, keys, requestKey('fraud'), null)).toEqual({
      kind: 'withdrawn',
      agent: 'fraud',
    });
  });

  it('a request cannot ask to be retired', () => {
    const self = { keyId: 'fraud', privateKey: agentKey.privateKey };
    const request = signRecord(codec, 'swarmgate.v1.AgentAnnounced', { ...fraud, retired: true }, self);
    expect(reasonOf(registryChange(codec, keys, requestKey('fraud'), request))).toBe(
      'request of fraud asks to be retired; only an operator retires',
    );
  });

  it('a control command takes effect only signed by an operator and under its own key', () => {
    const signed = signRecord(codec, 'swarmgate.v1.ControlCommand', kill, operator);
    const forged = signRecord(codec, 'swarmgate.v1.ControlCommand', kill, untrustedOperator());
    expect(controlChange(codec, keys, 'fraud', signed)).toEqual({ kind: 'commanded', command: signed });
    expect(reasonOf(controlChange(codec, keys, 'fraud', kill))).toBe(
      'KILL fraud (c-1) is not signed by an operator key',
    );
    expect(reasonOf(controlChange(codec, keys, 'fraud', forged))).toMatch(/not a configured operator key/);
    expect(reasonOf(controlChange(codec, keys, 'advisor', signed))).toBe(
      'KILL fraud (c-1) is keyed advisor, not fraud',
    );
  });

  it('a tombstone under a control key lifts nothing', () => {
    expect(reasonOf(controlChange(codec, keys, '*', null))).toBe(
      'a tombstone on control key * carries no signature: lift with `swarmgate resume`',
    );
  });
});
