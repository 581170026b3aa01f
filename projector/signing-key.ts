// The Ed25519 key that signs checkpoints of the audit chain: given as PEM (SWARMGATE_AUDIT_KEY,
// e.g. from a secret store), or kept in a key directory and generated there on first start.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from './audit/checkpoint.ts';

export const PRIVATE_KEY_FILE = 'audit-ed25519.pem';
export const PUBLIC_KEY_FILE = 'audit-ed25519.pub.pem';

export interface KeySource {
  /** PEM of the private key; wins over the directory. */
  readonly pem?: string;
  readonly keyDir: string;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly origin: 'environment' | 'key file' | 'generated';
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyError(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key; checkpoints need Ed25519`);
  }
  return key;
}

function parsePrivate(pem: string | Buffer, what: string): KeyObject {
  try {
    return ed25519(createPrivateKey(pem), what);
  } catch (error) {
    if (error instanceof KeyError) throw error;
    throw new KeyError(`${what} is not a PEM private key: ${(error as Error).message}`);
  }
}

const signingKey = (privateKey: KeyObject, origin: SigningKey['origin']): SigningKey => ({
  privateKey,
  publicKey: createPublicKey(privateKey),
  keyId: keyIdOf(privateKey),
  origin,
});

function readIfExists(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The signing key, generating one in the key directory on first use. */
export function loadOrCreateSigningKey(source: KeySource): SigningKey {
  if (source.pem) return signingKey(parsePrivate(source.pem, 'SWARMGATE_AUDIT_KEY'), 'environment');
  const path = join(source.keyDir, PRIVATE_KEY_FILE);
  const existing = readIfExists(path);
  if (existing) return signingKey(parsePrivate(existing, path), 'key file');
  mkdirSync(source.keyDir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  try {
    // 'wx': two processes starting at once must not each write their own key.
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(source);
    throw error;
  }
  writeFileSync(join(source.keyDir, PUBLIC_KEY_FILE), publicKey.export({ type: 'spki', format: 'pem' }));
  return signingKey(privateKey, 'generated');
}

/** The key that verifies checkpoints: a public key file, else the signing key's public half. */
export function loadVerifyingKey(source: KeySource & { readonly publicKeyFile?: string }): KeyObject {
  if (source.publicKeyFile) {
    const pem = readIfExists(source.publicKeyFile);
    if (!pem) throw new KeyError(`no public key at ${source.publicKeyFile}`);
    try {
      return ed25519(createPublicKey(pem), source.publicKeyFile);
    } catch (error) {
      if (error instanceof KeyError) throw error;
      throw new KeyError(`${source.publicKeyFile} is not a PEM public key: ${(error as Error).message}`);
    }
  }
  if (source.pem) return createPublicKey(parsePrivate(source.pem, 'SWARMGATE_AUDIT_KEY'));
  const publicPath = join(source.keyDir, PUBLIC_KEY_FILE);
  const publicPem = readIfExists(publicPath);
  if (publicPem) return ed25519(createPublicKey(publicPem), publicPath);
  const privatePem = readIfExists(join(source.keyDir, PRIVATE_KEY_FILE));
  if (privatePem) return createPublicKey(parsePrivate(privatePem, join(source.keyDir, PRIVATE_KEY_FILE)));
  throw new KeyError(
    `no checkpoint key: pass --public-key <file>, set SWARMGATE_AUDIT_KEY, or point SWARMGATE_KEY_DIR at the projector's keys (looked in ${source.keyDir})`,
  );
}
