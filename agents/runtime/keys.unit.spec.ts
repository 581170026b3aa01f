import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingKeyError } from '../../schemas/key-files.ts';
import { createIdentity, loadIdentity } from './keys.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const emptyDir = () => join(mkdtempSync(join(tmpdir(), 'swarmgate-keys-unit-')), 'keys');

describe('agent keys', () => {
  it('creates the key file 0600 in a 0700 directory, once', () => {
    const keyDir = emptyDir();
    const first = createIdentity('fraud', keyDir);
    const again = createIdentity('fraud', keyDir);
    expect(mode(first.file)).toBe(0o600);
    expect(mode(keyDir)).toBe(0o700);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.identity.publicKeyPem).toBe(first.identity.publicKeyPem);
    expect(loadIdentity('fraud', keyDir).publicKeyPem).toBe(first.identity.publicKeyPem);
  });

  it('refuses to start without a key, naming the command that makes it', () => {
    const keyDir = emptyDir();
    expect(() => loadIdentity('fraud', keyDir)).toThrow(MissingKeyError);
    expect(() => loadIdentity('fraud', keyDir)).toThrow(
      `no key for fraud at ${join(keyDir, 'fraud.pem')}: run \`swarmgate keys init\` (with the same SWARMGATE_KEY_DIR) to create it, or set SWARMGATE_AGENT_KEY_FRAUD`,
    );
  });

  it('creates a missing key only when asked to (the embedded default)', () => {
    const keyDir = emptyDir();
    const created = loadIdentity('advisor', keyDir, { create: true });
    expect(mode(join(keyDir, 'advisor.pem'))).toBe(0o600);
    expect(loadIdentity('advisor', keyDir).publicKeyPem).toBe(created.publicKeyPem);
  });
});
