import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Signature } from '../../schemas/generated/types.ts';
import { signaturePolicy } from './signature.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

const keyPair = () =>
  generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

describe('signature policy', () => {
  const fraudKeys = keyPair();
  const advisorKeys = keyPair();
  const view = aView({
    agents: [
      anAgent('fraud', { publicKey: fraudKeys.publicKey }),
      anAgent('advisor', { publicKey: advisorKeys.publicKey }),
    ],
  });
  const bytes = Buffer.from('the envelope with signature = null');
  const signedBy = (keyId: string, privateKey: string, over = bytes): Signature => ({
    keyId,
    algorithm: 'ed25519',
    value: sign(null, over, privateKey),
  });
  const proposed = (source: string, signature: Signature | null, signedBytes = bytes) =>
    aProposal({ origin: 'proposed', envelope: { source, type: 'fraud.RiskScored', signature }, signedBytes });
  const policy = signaturePolicy({ ingressRequiredFor: ['payments-*'] });

  it('allows an agent output signed by its sender’s registered key', () => {
    expect(policy.evaluate(proposed('fraud', signedBy('fraud', fraudKeys.privateKey)), view, [])).toEqual({
      verdict: 'ALLOW',
      reason: 'signed by fraud',
    });
  });

  it('denies an unsigned agent output', () => {
    expect(policy.evaluate(proposed('fraud', null), view, [])).toEqual({
      verdict: 'DENY',
      reason: 'unsigned record on sg.proposed',
    });
  });

  it('denies a record whose bytes changed after signing', () => {
    const signature = signedBy('fraud', fraudKeys.privateKey);
    const result = policy.evaluate(
      proposed('fraud', signature, Buffer.from('the envelope, altered')),
      view,
      [],
    );
    expect(result).toEqual({ verdict: 'DENY', reason: 'signature does not verify with the key of fraud' });
  });

  it('denies an agent signing with its own key while claiming another source', () => {
    const result = policy.evaluate(proposed('fraud', signedBy('advisor', advisorKeys.privateKey)), view, []);
    expect(result).toEqual({ verdict: 'DENY', reason: 'signed by advisor but claims to come from fraud' });
  });

  it('denies a signature by a key other than the registered one', () => {
    const stranger = keyPair();
    expect(policy.evaluate(proposed('fraud', signedBy('fraud', stranger.privateKey)), view, []).verdict).toBe(
      'DENY',
    );
  });

  it('denies a signer without a registered key', () => {
    const stranger = keyPair();
    const result = policy.evaluate(proposed('ghost', signedBy('ghost', stranger.privateKey)), view, []);
    expect(result).toEqual({ verdict: 'DENY', reason: 'no registered key for ghost' });
  });

  it('denies an algorithm other than Ed25519 and a value of the wrong size', () => {
    const rsa: Signature = { ...signedBy('fraud', fraudKeys.privateKey), algorithm: 'rsa-sha256' };
    expect(policy.evaluate(proposed('fraud', rsa), view, []).reason).toBe(
      'algorithm rsa-sha256 is not accepted',
    );
    const short: Signature = { keyId: 'fraud', algorithm: 'ed25519', value: Buffer.alloc(10) };
    expect(policy.evaluate(proposed('fraud', short), view, []).reason).toBe(
      'signature is not an Ed25519 signature',
    );
  });

  it('denies when the registered key is not a usable public key', () => {
    const broken = aView({
      agents: [anAgent('fraud', { publicKey: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' })],
    });
    const result = policy.evaluate(proposed('fraud', signedBy('fraud', fraudKeys.privateKey)), broken, []);
    expect(result.verdict).toBe('DENY');
    expect(result.reason).toMatch(/^registered key for fraud is unusable/);
  });

  it('trusts unsigned upstream records, except from sources that must sign', () => {
    expect(policy.evaluate(aProposal({ envelope: { source: 'core-banking' } }), view, []).verdict).toBe(
      'ALLOW',
    );
    expect(policy.evaluate(aProposal({ envelope: { source: 'payments-hub' } }), view, [])).toEqual({
      verdict: 'DENY',
      reason: 'source payments-hub must sign its records',
    });
  });

  it('verifies an upstream signature when one is present', () => {
    const hub = keyPair();
    const hubView = aView({ keys: { 'payments-hub': hub.publicKey } });
    const valid = aProposal({
      envelope: { source: 'payments-hub', signature: signedBy('payments-hub', hub.privateKey) },
      signedBytes: bytes,
    });
    const forged = aProposal({
      envelope: { source: 'payments-hub', signature: signedBy('payments-hub', fraudKeys.privateKey) },
      signedBytes: bytes,
    });
    expect(policy.evaluate(valid, hubView, []).verdict).toBe('ALLOW');
    expect(policy.evaluate(forged, hubView, []).verdict).toBe('DENY');
  });
});
