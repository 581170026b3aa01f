import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authSettings, loadConfig, requiredAuthSettings } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'sg-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { publicKey } = generateKeyPairSync('ed25519');
const pem = join(dir, 'idp.pem');
const jwk = join(dir, 'idp.jwk');
writeFileSync(pem, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(jwk, JSON.stringify(publicKey.export({ format: 'jwk' })));

const idp = { SWARMGATE_AUTH_ISSUER: 'https://idp.bank', SWARMGATE_AUTH_AUDIENCE: 'swarmgate' };
const settings = (env: Record<string, string>) => authSettings(loadConfig(env));

describe('API authentication settings', () => {
  it('take a JWKS URL or a PEM or JWK public key file, with issuer, audience and claim names', () => {
    expect(settings({ ...idp, SWARMGATE_AUTH_JWKS_URL: 'https://idp.bank/jwks' })).toMatchObject({
      key: { jwksUrl: 'https://idp.bank/jwks' },
      issuer: 'https://idp.bank',
      rolesClaim: 'roles',
      tenantsClaim: 'tenants',
      assertableActorRoles: ['customer'],
    });
    const fromPem = settings({
      ...idp,
      SWARMGATE_AUTH_PUBLIC_KEY: pem,
      SWARMGATE_AUTH_ROLES_CLAIM: 'realm_access.roles',
    });
    expect(fromPem?.rolesClaim).toBe('realm_access.roles');
    expect(settings({ ...idp, SWARMGATE_AUTH_PUBLIC_KEY: jwk })?.key).toHaveProperty('publicKey');
  });

  it('are absent when nothing is set, and the API process then refuses to start', () => {
    expect(settings({})).toBeUndefined();
    expect(() => requiredAuthSettings(loadConfig({}))).toThrow(/the API needs an identity provider/);
  });

  it('refuse half a configuration, both key sources, and an unreadable key', () => {
    expect(() => settings({ SWARMGATE_AUTH_JWKS_URL: 'https://idp.bank/jwks' })).toThrow(
      /incomplete API authentication/,
    );
    expect(() =>
      settings({ ...idp, SWARMGATE_AUTH_JWKS_URL: 'https://idp.bank/jwks', SWARMGATE_AUTH_PUBLIC_KEY: pem }),
    ).toThrow(/not both/);
    expect(() => settings({ ...idp, SWARMGATE_AUTH_PUBLIC_KEY: join(dir, 'missing.pem') })).toThrow(
      /SWARMGATE_AUTH_PUBLIC_KEY: cannot read a public key/,
    );
    expect(() => loadConfig({ SWARMGATE_AUTH_JWKS_URL: 'ftp://idp.bank/jwks' })).toThrow(
      /SWARMGATE_AUTH_JWKS_URL/,
    );
  });
});
