// Private keys on disk: created once, explicitly (`swarmgate keys init`), readable by their owner
// only (files 0600, their directory 0700). A process that finds no key says how to make one; it
// never mints a fresh identity by itself, which would silently change who signs.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { SwarmgateError } from './errors.ts';

export const KEY_FILE_MODE = 0o600;
export const KEY_DIR_MODE = 0o700;

/** A key a process needs is not there: an operator creates it; retrying will not help. */
export class MissingKeyError extends SwarmgateError {
  readonly retriable = false;
  constructor(what: string, path: string, envName: string) {
    super(
      `no ${what} at ${path}: run \`swarmgate keys init\` (with the same SWARMGATE_KEY_DIR) to create it, or set ${envName}`,
    );
  }
}

/** The file's bytes, or null when there is no such file. */
export function readKeyFile(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes a new Ed25519 private key to `path` unless one is there, and returns what is there then.
 * 'wx': two processes initialising at once must not each write their own key.
 */
export function createKeyFile(
  dir: string,
  path: string,
): { readonly pem: Buffer; readonly created: boolean } {
  mkdirSync(dir, { recursive: true, mode: KEY_DIR_MODE });
  chmodSync(dir, KEY_DIR_MODE);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  try {
    writeFileSync(path, pem, { mode: KEY_FILE_MODE, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { pem: readFileSync(path), created: false };
  }
  chmodSync(path, KEY_FILE_MODE); // the umask could only have narrowed it; make it exact
  return { pem: Buffer.from(pem), created: true };
}
