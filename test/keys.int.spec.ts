// Keys are made on purpose: `swarmgate keys init` creates them (0600) and prints the public keys;
// an agent, the projector or the case desk started without them refuses, saying what to run.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testOperator } from '../registry/testing.ts';
import { runCli } from './support/cli.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

const emptyKeyDir = () => mkdtempSync(join(tmpdir(), 'swarmgate-no-keys-'));
const kafkaEnv = (keyDir: string) => ({
  KAFKA_BROKERS: services.brokers.join(','),
  SCHEMA_REGISTRY_URL: services.registryUrl,
  DATABASE_URL: services.databaseUrl,
  SWARMGATE_TOPIC_PREFIX: `${uniqueName('keys')}.`,
  SWARMGATE_KEY_DIR: keyDir,
});
/** An identity provider's public key and the operator keys, so the API's start-up reaches the key check. */
function authEnv(): Record<string, string> {
  const file = join(emptyKeyDir(), 'idp.pub.pem');
  writeFileSync(file, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    ...testOperator().env,
    SWARMGATE_AUTH_PUBLIC_KEY: file,
    SWARMGATE_AUTH_ISSUER: 'https://idp.bank.test',
    SWARMGATE_AUTH_AUDIENCE: 'swarmgate',
  };
}
const refusal = /no .* at .*: run `swarmgate keys init` \(with the same SWARMGATE_KEY_DIR\) to create it/;

describe('swarmgate keys init', () => {
  it('creates every key 0600 in a 0700 directory, prints the public keys, and keeps them when run again', async () => {
    const keyDir = join(emptyKeyDir(), 'keys');
    const first = await runCli(['keys', 'init'], { SWARMGATE_KEY_DIR: keyDir });
    const again = await runCli(['keys', 'init'], { SWARMGATE_KEY_DIR: keyDir });
    const keys = (run: { stdout: string }) =>
      run.stdout
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              event: string;
              name?: string;
              file?: string;
              created?: boolean;
              publicKeyPem?: string;
            },
        )
        .filter((line) => line.event === 'keys.key');

    expect([first.code, again.code]).toEqual([0, 0]);
    expect(keys(first).map((k) => k.name)).toEqual([
      'analyst',
      'fraud',
      'aml-monitor',
      'advisor',
      'compliance',
      'responder',
      'case-desk',
      'audit-checkpoints',
    ]);
    expect(
      keys(first).every((k) => k.created && k.publicKeyPem?.startsWith('-----BEGIN PUBLIC KEY-----')),
    ).toBe(true);
    for (const key of keys(first)) expect(statSync(key.file!).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(keys(again).every((k) => !k.created)).toBe(true);
    expect(keys(again).map((k) => k.publicKeyPem)).toEqual(keys(first).map((k) => k.publicKeyPem));
  });
});

describe('processes outside the embedded default without keys', () => {
  it('an agent refuses to start, naming `swarmgate keys init`', async () => {
    const run = await runCli(['agent', 'fraud'], kafkaEnv(emptyKeyDir()));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(refusal);
  });

  it('the projector refuses to start, naming `swarmgate keys init`', async () => {
    const run = await runCli(['projector'], kafkaEnv(emptyKeyDir()));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(refusal);
    expect(run.stderr).toContain('audit checkpoint key');
  });

  it('the API (the case desk signs its decisions) refuses to start, naming `swarmgate keys init`', async () => {
    const run = await runCli(['api'], { ...kafkaEnv(emptyKeyDir()), ...authEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(refusal);
    expect(run.stderr).toContain('key for case-desk');
  });
});
