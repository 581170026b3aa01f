// One signing concept for every signed record (envelopes, registrations, control commands): an
// Ed25519 signature over the record's Avro encoding with its signature field set to null,
// computed locally, so anyone with the schema and the public key can verify it years later.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Codec } from './codec.ts';
import type { RecordName, RecordTypes } from './generated/types.ts';

export interface Signer {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/** The bytes a record's signature covers: every field, in the schema's canonical Avro encoding. */
export function unsignedBytes<N extends RecordName>(codec: Codec, name: N, value: RecordTypes[N]): Buffer {
  return codec.localType(name).toBuffer({ ...value, signature: null });
}

export function signBytes(bytes: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, bytes, privateKey);
}

/** False, never a throw, for a malformed key or signature. */
export function verifyBytes(bytes: Buffer, publicKey: KeyObject | string, signature: Buffer): boolean {
  try {
    return verify(null, bytes, publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * A public key's fingerprint: the SHA-256 of its SPKI DER encoding, 64 lowercase hex digits. What an
 * operator compares with the key's holder before trusting a key (`swarmgate keys fingerprint`).
 */
export function keyFingerprintOf(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' || key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A key's id (a record's signedBy): the first 16 hex digits of its fingerprint. */
export function keyIdOf(key: KeyObject): string {
  return keyFingerprintOf(key).slice(0, 16);
}

/** Records that carry their own signedBy and signature fields. */
export type SelfSignedName = 'swarmgate.v1.AgentAnnounced' | 'swarmgate.v1.ControlCommand';

export function signRecord<N extends SelfSignedName>(
  codec: Codec,
  name: N,
  value: RecordTypes[N],
  signer: Signer,
): RecordTypes[N] {
  const signed = { ...value, signedBy: signer.keyId };
  return { ...signed, signature: signBytes(unsignedBytes(codec, name, signed), signer.privateKey) };
}

/** True when the record's signature verifies with the key; its signedBy is the caller's to check. */
export function recordSignatureValid<N extends SelfSignedName>(
  codec: Codec,
  name: N,
  value: RecordTypes[N],
  publicKey: KeyObject | string,
): boolean {
  if (!value.signature) return false;
  return verifyBytes(unsignedBytes(codec, name, value), publicKey, value.signature);
}
