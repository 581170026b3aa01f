// The Ed25519 key that signs checkpoints of the audit chain: given as PEM (SWARMGATE_AUDIT_KEY,
// e.g. from a secret store), or kept in a key directory where `swarmgate keys init` made it
// (createSigningKey). Only the embedded default creates it as it starts.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyFile, MissingKeyError, readKeyFile } from '../schemas/key-files.ts';
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

const readIfExists = readKeyFile;

/** The signing key; a missing key file is a MissingKeyError unless `create` (the embedded default). */
export function loadSigningKey(source: KeySource, options: { readonly create?: boolean } = {}): SigningKey {
  if (source.pem) return signingKey(parsePrivate(source.pem, 'SWARMGATE_AUDIT_KEY'), 'environment');
  if (options.create) return createSigningKey(source);
  const path = join(source.keyDir, PRIVATE_KEY_FILE);
  const existing = readIfExists(path);
  if (!existing) throw new MissingKeyError('audit checkpoint key', path, 'SWARMGATE_AUDIT_KEY');
  return signingKey(parsePrivate(existing, path), 'key file');
}

/** The key file (0600) and its public half, created unless they exist; idempotent. */
export function createSigningKey(source: Pick<KeySource, 'keyDir'>): SigningKey {
  const path = join(source.keyDir, PRIVATE_KEY_FILE);
  const { pem, created } = createKeyFile(source.keyDir, path);
  const key = signingKey(parsePrivate(pem, path), created ? 'generated' : 'key file');
  writeFileSync(join(source.keyDir, PUBLIC_KEY_FILE), key.publicKey.export({ type: 'spki', format: 'pem' }));
  return key;
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
