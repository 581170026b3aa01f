// A token authority of the tests' own: a key pair per test process, the API settings that trust
// it, and tokens for the callers the tests play.
import { generateKeyPairSync } from 'node:crypto';
import { issueToken, type AuthSettings, type TokenAuthority, type TokenRequest } from '../auth/index.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

export const TEST_ISSUER = 'https://idp.bank.test';
export const TEST_AUDIENCE = 'swarmgate-test';

export const testAuthority: TokenAuthority = { privateKey, issuer: TEST_ISSUER, audience: TEST_AUDIENCE };

export const testAuth: AuthSettings = {
  key: { publicKey },
  issuer: TEST_ISSUER,
  audience: TEST_AUDIENCE,
  rolesClaim: 'roles',
  tenantsClaim: 'tenants',
};

/** The callers of the tests. */
export const CALLERS = {
  reader: { subject: 'reader-rob', roles: ['read'], tenants: ['*'] },
  euReader: { subject: 'reader-eve', roles: ['read'], tenants: ['retail-eu'] },
  usReader: { subject: 'reader-uma', roles: ['read'], tenants: ['retail-us'] },
  operator: { subject: 'ops-oscar', roles: ['operate'], tenants: ['*'] },
  ingest: { subject: 'core-banking', roles: ['ingest', 'system'], tenants: ['retail-eu'] },
  reviewer: { subject: 'officer-olga', roles: ['review', 'compliance-officer'], tenants: ['retail-eu'] },
  secondReviewer: {
    subject: 'officer-otto',
    roles: ['review', 'compliance-officer'],
    tenants: ['retail-eu'],
  },
} as const satisfies Record<string, TokenRequest>;

export const tokenFor = (request: TokenRequest, authority: TokenAuthority = testAuthority): Promise<string> =>
  issueToken(authority, request);

/** The Authorization header of a caller. */
export const bearer = async (request: TokenRequest): Promise<{ authorization: string }> => ({
  authorization: `Bearer ${await tokenFor(request)}`,
});
