import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFingerprintOf, keyIdOf } from '../schemas/signing.ts';
import { pinnedKey } from './registration-edits.ts';

const publicKeyPem = () =>
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const requestWith = (publicKey: string) => ({
  name: 'fraud',
  version: '1',
  consumes: ['banking.TransactionPosted'],
  emits: ['fraud.RiskScored'],
  riskClass: 'HIGH' as const,
  clearance: 'INTERNAL' as const,
  requiredRoles: [],
  fallback: 'none',
  publicKey,
  announcedAt: 1,
  signedBy: 'fraud',
  signature: null,
});

describe('agents approve --fingerprint', () => {
  it("returns the requested key when the fingerprint is that key's, in either case", () => {
    const key = publicKeyPem();
    expect(pinnedKey(requestWith(key), keyFingerprintOf(key))).toBe(key);
    expect(pinnedKey(requestWith(key), keyFingerprintOf(key).toUpperCase())).toBe(key);
  });

  it("refuses a request for another key, naming both fingerprints: a forger's request under the agent's name", () => {
    const genuine = keyFingerprintOf(publicKeyPem());
    const forged = publicKeyPem();
    expect(() => pinnedKey(requestWith(forged), genuine)).toThrow(
      `the key requested for "fraud" has fingerprint ${keyFingerprintOf(forged)}, not ${genuine}: nothing signed`,
    );
  });

  it('refuses anything but the 64 hex digits, the 16-digit key id among them', () => {
    const key = publicKeyPem();
    const keyId = keyIdOf(generateKeyPairSync('ed25519').publicKey);
    expect(keyFingerprintOf(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => pinnedKey(requestWith(key), keyId)).toThrow(/^the fingerprint is the 64 hex digits/);
    expect(() => pinnedKey(requestWith(key), `SHA256:${keyFingerprintOf(key)}`)).toThrow(/64 hex digits/);
  });

  it("is the SHA-256 of the key's SPKI, of which the key id is the first 16 digits", () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(keyFingerprintOf(pem)).toBe(keyFingerprintOf(privateKey));
    expect(keyIdOf(publicKey)).toBe(keyFingerprintOf(pem).slice(0, 16));
  });
});
