import { generateKeyPairSync } from 'node:crypto';
import type { Signer } from '../../schemas/envelope.ts';

export interface KeyPair {
  readonly signer: Signer;
  readonly publicKeyPem: string;
}

export function keyPairFor(keyId: string): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    signer: { keyId, privateKey },
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
