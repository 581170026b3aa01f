// Signed checkpoints of the chain head. A checkpoint published outside the database (to Kafka,
// to an auditor) pins the chain: rewriting history behind it breaks either a row hash or the
// checkpoint's signature, and only the holder of the private key can sign a new one.
import { sign, verify, type KeyObject } from 'node:crypto';
import { keyIdOf } from '../../schemas/signing.ts';
import { canonicalJson } from './canonical-json.ts';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export interface SignedCheckpoint extends ChainHead {
  /** When it was signed, ISO 8601 UTC. */
  readonly at: string;
  /** Ed25519 over canonicalJson({ seq, hash, at }), base64. */
  readonly signature: string;
  readonly keyId: string;
}

/** The bytes a checkpoint signature covers. */
export const checkpointPayload = ({ seq, hash, at }: Omit<SignedCheckpoint, 'signature' | 'keyId'>): Buffer =>
  Buffer.from(canonicalJson({ seq, hash, at }));

/** Names a key by the SHA-256 of its public half (SPKI DER), so verifiers can pick the key. */
export { keyIdOf };

export function signCheckpoint(head: ChainHead, at: Date, privateKey: KeyObject): SignedCheckpoint {
  const unsigned = { seq: head.seq, hash: head.hash, at: at.toISOString() };
  const signature = sign(null, checkpointPayload(unsigned), privateKey).toString('base64');
  return { ...unsigned, signature, keyId: keyIdOf(privateKey) };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      checkpointPayload(checkpoint),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}
