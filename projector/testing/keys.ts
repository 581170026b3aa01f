import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export const ed25519Keys = (): SigningKeys => generateKeyPairSync('ed25519');
