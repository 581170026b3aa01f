// Operator keys: the Ed25519 public keys whose signatures make a registration or a control
// command take effect (SWARMGATE_OPERATOR_KEYS), and the operator's own private key for the CLI
// (SWARMGATE_OPERATOR_KEY_FILE). Keys are named by keyIdOf, so a record says which key signed it.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf, type Signer } from '../schemas/signing.ts';

/** Trusted operator public keys by key id. */
export type OperatorKeys = ReadonlyMap<string, KeyObject>;

export class OperatorKeyError extends Error {
  override readonly name = 'OperatorKeyError';
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new OperatorKeyError(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  return key;
}

/** A public key from PEM; a private key's PEM yields its public half. */
function publicKeyOf(pem: Buffer, what: string): KeyObject {
  try {
    return ed25519(createPublicKey(pem), what);
  } catch (error) {
    if (error instanceof OperatorKeyError) throw error;
    throw new OperatorKeyError(`${what} is not a PEM Ed25519 key: ${(error as Error).message}`);
  }
}

export function operatorKeysOf(keys: readonly KeyObject[]): OperatorKeys {
  return new Map(keys.map((key) => [keyIdOf(key), key.type === 'private' ? createPublicKey(key) : key]));
}

/** Each path is a key file, or a directory whose *.pem and *.pub files are keys. */
export function loadOperatorKeys(paths: readonly string[]): OperatorKeys {
  const files = paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.pem') || name.endsWith('.pub'))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
  if (files.length === 0) throw new OperatorKeyError(`no operator key files in ${paths.join(', ')}`);
  return operatorKeysOf(files.map((file) => publicKeyOf(readFileSync(file), file)));
}

export function operatorSigner(privateKey: KeyObject): Signer {
  return { keyId: keyIdOf(privateKey), privateKey: ed25519(privateKey, 'the operator key') };
}

export function loadOperatorSigner(file: string): Signer {
  try {
    return operatorSigner(createPrivateKey(readFileSync(file)));
  } catch (error) {
    if (error instanceof OperatorKeyError) throw error;
    throw new OperatorKeyError(`${file} is not a PEM Ed25519 private key: ${(error as Error).message}`);
  }
}
